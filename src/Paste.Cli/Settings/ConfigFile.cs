using System.Text.Json;

namespace Paste.Cli.Settings;

/// <summary><c>config.json</c>, written by <c>paste login</c>; it can hold a secret, so only its owner may read it.</summary>
public static class ConfigFile
{
    public const string FileName = "config.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    /// <summary>The saved settings, or none when there is no file.</summary>
    /// <exception cref="UsageException">The file is not the JSON object <c>paste login</c> writes.</exception>
    public static async Task<ClientSettings> ReadAsync(string directory)
    {
        var path = PathIn(directory);
        if (!File.Exists(path))
        {
            return new ClientSettings();
        }

        try
        {
            await using var file = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<ClientSettings>(file, Json) ?? new ClientSettings();
        }
        catch (JsonException exception)
        {
            throw new UsageException($"{path} is not valid JSON ({exception.Message}); run 'paste login' again.");
        }
    }

    /// <summary>Writes <paramref name="settings"/>, readable and writable by the owner only from its first byte.</summary>
    public static async Task<string> WriteAsync(string directory, ClientSettings settings)
    {
        Directory.CreateDirectory(directory);
        var path = PathIn(directory);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(path, options))
        {
            await JsonSerializer.SerializeAsync(file, settings, Json);
        }

        if (!OperatingSystem.IsWindows())
        {
            // A file that existed keeps its old mode through FileMode.Create.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
