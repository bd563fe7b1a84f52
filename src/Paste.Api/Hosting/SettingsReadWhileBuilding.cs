using Microsoft.Extensions.Options;

namespace Paste.Api.Hosting;

/// <summary>
/// Settings that the host and Kestrel read while the application is being built, before <see cref="StartupChecks"/>
/// validates every setting and reports a bad one by its key.
/// </summary>
internal static class SettingsReadWhileBuilding
{
    /// <summary>
    /// The bound and validated settings, or null when they are invalid or do not convert: the framework keeps its own
    /// defaults then, and the start-up checks stop the process with exit code 1 before it serves anything.
    /// </summary>
    public static T? ValidOrNull<T>(this IOptions<T> settings)
        where T : class
    {
        try
        {
            return settings.Value;
        }
        catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException)
        {
            return null;
        }
    }
}
