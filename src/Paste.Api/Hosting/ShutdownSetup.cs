using Microsoft.Extensions.Options;

namespace Paste.Api.Hosting;

public static class ShutdownSetup
{
    /// <summary>Above this a stop would outlast any service manager's patience (systemd's default is 90 s).</summary>
    private static readonly TimeSpan MaxGrace = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The host's shutdown timeout is the grace period: the server stops listening, waits that long for requests in
    /// flight, then cuts off the rest; background services stop, and the store commits every write handed in before.
    /// </summary>
    public static IServiceCollection AddPasteShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShutdownSettings>()
            .Bind(configuration.GetSection(ShutdownSettings.SectionName))
            .Validate(
                settings => settings.ShutdownGrace > TimeSpan.Zero && settings.ShutdownGrace <= MaxGrace,
                $"{ShutdownSettings.SectionName}:{nameof(ShutdownSettings.ShutdownGrace)} must be a positive duration of at most {MaxGrace.TotalMinutes:0} minutes, such as 00:00:30.")
            .ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownSettings>>((host, settings) =>
        {
            if (settings.ValidOrNull() is { } valid)
            {
                host.ShutdownTimeout = valid.ShutdownGrace;
            }
        });
        return services;
    }
}
