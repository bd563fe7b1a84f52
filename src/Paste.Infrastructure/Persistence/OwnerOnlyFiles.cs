namespace Paste.Infrastructure.Persistence;

/// <summary>Files and directories that hold keys or data: readable by the service's user only (where the system has modes).</summary>
internal static class OwnerOnlyFiles
{
    private const UnixFileMode ReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the directory (mode 0700) and any missing parents; an existing one is left as it is.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, ReadWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Creates the file empty with mode 0600, or empties an existing one and sets its mode to 0600.</summary>
    public static void CreateEmpty(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = ReadWrite;
        }

        using (new FileStream(path, options))
        {
        }

        // An existing file keeps its mode when it is truncated.
        Restrict(path);
    }

    /// <summary>Creates the file empty with mode 0600 unless it exists; an existing one is left as it is.</summary>
    public static void CreateIfMissing(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = ReadWrite;
        }

        using (new FileStream(path, options))
        {
        }
    }

    /// <summary>
    /// Puts a new key file in place with mode 0600 from the start, complete or not at all, and never over an existing
    /// one: false when another process starting at the same time was first, whose key then is the one to use.
    /// </summary>
    public static bool TryCreateNew(string path, ReadOnlySpan<byte> content)
    {
        CreateDirectory(Path.GetDirectoryName(path)!);
        var written = $"{path}.{Environment.ProcessId}.new";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = ReadWrite;
        }

        try
        {
            using (var file = new FileStream(written, options))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            // Without overwriting, the move is a link and an unlink on Unix: it fails when the name is taken.
            File.Move(written, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(written);
        }
    }

    /// <summary>Sets an existing file's mode to 0600.</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, ReadWrite);
        }
    }
}
