using System.Globalization;

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
        services.AddOptions<HostOptions>().Configure(host =>
        {
            // Read here without the validation above: the host needs its options while it is built, before the start-up
            // checks report a bad value (and stop the service before it ever runs).
            var configured = configuration.GetSection(ShutdownSettings.SectionName)[nameof(ShutdownSettings.ShutdownGrace)];
            host.ShutdownTimeout = TimeSpan.TryParse(configured, CultureInfo.InvariantCulture, out var grace) ? grace : new ShutdownSettings().ShutdownGrace;
        });
        return services;
    }
}
