using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Paste.Infrastructure.Persistence;

namespace Paste.Testing;

/// <summary>
/// Hosts the real application (Production environment, real storage: SQLite or PostgreSQL) on a fresh temporary database.
/// </summary>
public sealed class PasteApiFactory : WebApplicationFactory<Program>
{
    /// <summary>A fixed, recent instant: fake clocks start here so unix timestamps are predictable.</summary>
    public static readonly DateTimeOffset FakeStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly bool ownsDatabase;
    private readonly bool useKestrel;
    private bool cleanedUp;

    /// <param name="settings">Configuration overrides, e.g. <c>["Paste:MaxAnonymousBytes"] = "1024"</c>.</param>
    /// <param name="database">A database to reuse (not deleted by this factory); a new one, owned and deleted, when null.</param>
    /// <param name="time">Replaces the application's <see cref="TimeProvider"/> so tests can move time.</param>
    /// <param name="useKestrel">Serve through a real Kestrel on 127.0.0.1 and an ephemeral port instead of the in-memory test server.</param>
    /// <param name="provider">The store of the database this factory creates; a given <paramref name="database"/> has its own.</param>
    public PasteApiFactory(
        IReadOnlyDictionary<string, string?>? settings = null,
        TestDatabase? database = null,
        FakeTimeProvider? time = null,
        bool useKestrel = false,
        StorageProvider provider = StorageProvider.Sqlite)
    {
        this.settings = settings ?? new Dictionary<string, string?>();
        ownsDatabase = database is null;
        Database = database ?? new TestDatabase(provider);
        Time = time;
        this.useKestrel = useKestrel;
        if (useKestrel)
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        }
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider? Time { get; }

    public static FakeTimeProvider NewFakeTime() => new(FakeStart);

    /// <summary>A client that does not follow redirects, so every status is seen as sent.</summary>
    public HttpClient CreatePasteClient()
    {
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false };
        if (useKestrel)
        {
            // Kestrel clients are plain socket clients: they must be pointed at the address Kestrel bound.
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            options.BaseAddress = new Uri(addresses.Single());
        }

        return CreateClient(options);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");

        // Host settings reach the application's configuration before Program registers its services,
        // which matters because the connection string is read at registration time.
        builder.UseSetting("Paste:Storage:Provider", Database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Paste", Database.ConnectionString);
        builder.UseSetting("Paste:Webhooks:SigningKeyPath", Path.Combine(Database.DirectoryPath, "webhook.key"));
        builder.UseSetting("Paste:Signatures:KeyRingPath", Path.Combine(Database.DirectoryPath, "keys"));
        builder.UseSetting("Paste:V1:BoxKeyPath", Database.BoxKeyPath);

        // A fixture shares one application across many tests, which the production rate limits would throttle;
        // tests of the limits themselves pass their own values below, which win.
        builder.UseSetting("Paste:RateLimits:AnonymousPermitsPerMinute", "100000");
        builder.UseSetting("Paste:RateLimits:AuthenticatedPermitsPerMinute", "100000");
        builder.UseSetting("Paste:RateLimits:RequestsPerMinute", "100000");
        builder.UseSetting("Paste:RateLimits:ConcurrentUploadsPerClient", "100000");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime", "Warning");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (Time is { } fakeTime)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(fakeTime);
            });
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);

        // The base class re-enters this method from DisposeAsync; clean up once, after the host has stopped.
        if (disposing && !cleanedUp)
        {
            cleanedUp = true;
            if (ownsDatabase)
            {
                Database.Dispose();
            }
        }
    }
}
