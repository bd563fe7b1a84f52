namespace Paste.Testing;

/// <summary>Where the tests' own toolchain and checkout are, for tests that start dotnet or read the repository's files.</summary>
public static class BuildLocations
{
    /// <summary>The <c>dotnet</c> host that runs these tests, so that children run on the same SDK and runtime.</summary>
    public static string DotnetHost
    {
        get
        {
            var current = Environment.ProcessPath;
            if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
            {
                return current;
            }

            return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? hostPath : "dotnet";
        }
    }

    /// <summary>The directory holding Paste.sln, found by walking up from the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Paste.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Paste.sln above {AppContext.BaseDirectory}");
    }
}
