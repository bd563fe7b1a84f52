using Microsoft.AspNetCore.Connections;
using Paste.Api.Authentication;
using Paste.Api.Middleware;
using Paste.Api.Protection;
using Serilog;
using Serilog.Events;

namespace Paste.Api.Logging;

public static class LoggingSetup
{
    /// <summary>Every line carries the request id; the framework's own per-request chatter is replaced by one line per request.</summary>
    public const string OutputTemplate =
        "[{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Level:u3}] [rid={" + RequestIdMiddleware.LogProperty + "}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static WebApplicationBuilder AddPasteLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, configuration) => configuration
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            // PostgreSQL's driver logs every statement it runs at Information.
            .MinimumLevel.Override("Npgsql", LogEventLevel.Warning)
            // The key ring is stored unencrypted in the data directory (0700), guarded by file permissions like the database;
            // the framework repeats that as a warning each time it creates a key.
            .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", LogEventLevel.Error)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            // The framework logs each look at a failed authentication under the handler's name, twice a request; the
            // handler's own warning says once why the signature was refused.
            .MinimumLevel.Override(typeof(SignatureAuthenticationHandler).FullName!, LogEventLevel.Warning)
            // The HTTP client logs every webhook request with the receiver's path, where tokens often live.
            .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            // A busy address is reported by the program in one line naming it; the host's copy is a stack trace.
            .Filter.ByExcluding(logEvent => logEvent.Exception is IOException { InnerException: AddressInUseException })
            .Enrich.FromLogContext()
            .Enrich.With<PasteIdLogRedaction>()
            .Enrich.WithProperty(RequestIdMiddleware.LogProperty, "-")
            // The console is written from a background thread: a request never waits for its own log line. The buffer
            // is drained on shutdown; only a console that stays 10 000 lines behind loses lines (never requests).
            .WriteTo.Async(sink => sink.Console(outputTemplate: OutputTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture)));
        return builder;
    }

    /// <summary>
    /// One line per request: method, path (never the query string, and paste ids replaced, see
    /// <see cref="PasteIdLogRedaction"/>), status, duration and client IP (after trusted proxies).
    /// </summary>
    public static WebApplication UsePasteRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.MessageTemplate = "{RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms for {ClientIp}";
            options.EnrichDiagnosticContext = (diagnostics, context) => diagnostics.Set("ClientIp", ProtectionSetup.ClientIp(context));
        });
        return app;
    }
}
