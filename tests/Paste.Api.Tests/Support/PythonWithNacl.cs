namespace Paste.Api.Tests.Support;

/// <summary>
/// A Python 3 that can import PyNaCl, for tests that run the Python client of the docs as its users run it. Debian's
/// <c>python3-nacl</c> serves <c>/usr/bin/python3</c> only, so a <c>python3</c> first on PATH (pyenv, a virtualenv)
/// may lack it; the first interpreter that has it is used.
/// </summary>
public static class PythonWithNacl
{
    private static readonly string[] Candidates = ["/usr/bin/python3", "python3"];

    private static readonly Lazy<Task<string?>> Found = new(FindFirstAsync);

    /// <summary>
    /// The interpreter's path. Without one the test is ignored on a developer's machine and fails in CI (where the
    /// <c>CI</c> variable is set), since .ci/run installs python3-nacl.
    /// </summary>
    public static async Task<string> PathAsync()
    {
        if (await Found.Value is { } python)
        {
            return python;
        }

        var reason = $"No Python 3 that can 'import nacl' among {string.Join(", ", Candidates)}; install Debian's python3-nacl (apt-get install python3-nacl).";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail(reason);
        }

        Assert.Ignore(reason);
        throw new InvalidOperationException(reason);
    }

    private static async Task<string?> FindFirstAsync()
    {
        foreach (var candidate in Candidates)
        {
            if (Resolve(candidate) is { } path && (await ExternalProcess.RunAsync(path, ["-c", "import nacl.public"])).ExitCode == 0)
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>The executable a name stands for, looked up on PATH as a shell would; null when there is none.</summary>
    private static string? Resolve(string name)
    {
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists);
    }
}
