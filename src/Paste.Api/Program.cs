using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Rewrite;
using Paste.Api;
using Paste.Api.Authentication;
using Paste.Api.CommandLine;
using Paste.Api.Health;
using Paste.Api.Hosting;
using Paste.Api.Logging;
using Paste.Api.Metrics;
using Paste.Api.Middleware;
using Paste.Api.Protection;
using Paste.Application;
using Paste.Infrastructure;

if (AdminCommandLine.Handles(args))
{
    return await AdminCommandLine.RunAsync(args);
}

// Configuration files live beside the executable; relative data paths (data/paste.db) resolve against the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// FLASKPASTE_MAX_ANON and the other FlaskPaste variables, for the keys that no other source sets.
builder.Configuration.AddFlaskPasteVariables();

// Run from build output (dotnet run, the tests) the stylesheet stays in the project's wwwroot, found through the
// build's manifest in any environment; a published service has no such manifest and serves its own wwwroot.
builder.WebHost.UseStaticWebAssets();

builder.AddPasteLogging();
builder.Services
    .AddApplication(builder.Configuration)
    .AddInfrastructure(builder.Configuration)
    .AddApi(builder.Configuration);

await using var app = builder.Build();

// Bad settings or unusable storage stop the service with one line naming the problem, before any data changes.
if (!await StartupChecks.PassAsync(app.Services, asService: true))
{
    return 1;
}

app.UseConnectionPeer();
app.UseForwardedHeaders();
app.UseMiddleware<RequestIdMiddleware>();
app.UsePasteRequestLogging();
app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseMiddleware<HeadRequestMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseHostFiltering(); // after the error pages, so that a refused host gets the usual problem
app.UseMiddleware<NewClientIpLogMiddleware>();
app.UsePasteMetrics();
app.UseMiddleware<CaseSensitiveMethodsMiddleware>();
app.UseMiddleware<CrossSiteWriteMiddleware>();
app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger"), docs => docs.UseSwagger().UseSwaggerUI());

// Browsers and feed readers ask for /favicon.ico whatever a page links to; it is the site's icon, served as the
// static asset it is (its content type, ETag and caching), not a paste id.
app.UseRewriter(new RewriteOptions().AddRewrite("^favicon\\.ico$", "images/icon.svg", skipRemainingRules: true));
app.UseRouting(); // explicit, so that routing sees HEAD already rewritten to GET
app.UsePasteCors();
app.UseAuthentication();
app.UseRejectionOfFailedSignatures();
app.UseRateLimiter();
app.MapStaticAssets();
app.MapControllers();
app.MapHealth();
app.MapPasteMetrics();

try
{
    await app.StartAsync();
}
catch (IOException exception) when (exception.InnerException is AddressInUseException)
{
    // Kestrel's message names the address ("Failed to bind to address http://127.0.0.1:5000: address already in use.").
    await Console.Error.WriteLineAsync($"error: {exception.Message}");

    // The background services started before Kestrel; they stop as on any shutdown, not cut off by the disposal.
    await app.StopAsync();
    return 1;
}

await app.WaitForShutdownAsync();
return 0;

/// <summary>Entry point; public so that integration tests can host the application.</summary>
public partial class Program;
