using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Paste.Application.Clients;
using Paste.Application.Common;
using Paste.Application.Maintenance;
using Paste.Application.ServerFunctions;
using Paste.Application.Webhooks;
using Paste.Domain.Pastes;
using Paste.Infrastructure.Clients;
using Paste.Infrastructure.Health;
using Paste.Infrastructure.Persistence;
using Paste.Infrastructure.Retention;
using Paste.Infrastructure.ServerFunctions;
using Paste.Infrastructure.Webhooks;

namespace Paste.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Paste";

    public const string DefaultConnectionString = "Data Source=data/paste.db";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = DefaultConnectionString;
        }

        services.AddSingleton(new SqliteConnectionString(connectionString));
        services.AddOptions<StorageSettings>()
            .Bind(configuration.GetSection(StorageSettings.SectionName))
            .Validate(
                settings => settings.MaxDatabaseBytes == 0 || settings.MaxDatabaseBytes >= StorageSettings.MinDatabaseBytes,
                $"{StorageSettings.SectionName}:{nameof(StorageSettings.MaxDatabaseBytes)} must be 0 (no cap) or at least {StorageSettings.MinDatabaseBytes} bytes.")
            .ValidateOnStart();
        services.AddSingleton<SqliteConnectionSetup>();
        services.AddSingleton<SqliteReadConnections>();
        services.AddSingleton<SqliteWriter>();
        services.AddSingleton<StoreLock>();
        services.AddScoped<IStoreMaintenance, SqliteMaintenance>();
        services.AddDbContext<PasteDbContext>((provider, options) => options
            .UseSqlite(connectionString)
            .AddInterceptors(provider.GetRequiredService<SqliteConnectionSetup>()));

        services.AddScoped<IPasteRepository, PasteRepository>();
        services.AddSingleton<DatabaseHealthCheck>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name);
        services.AddSingleton<IPasteIdGenerator, RandomPasteIdGenerator>();
        services.AddHostedService<RetentionSweeper>();

        services.AddScoped<IWebhookDeliveryStore, WebhookDeliveryStore>();
        services.AddSingleton<IWebhookSigner, Ed25519WebhookSigner>();
        services.AddSingleton<IWebhookSender, HttpWebhookSender>();
        services.AddHttpClient(HttpWebhookSender.ClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // Paste:Webhooks:Timeout applies instead
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A receiver's redirect could point anywhere, including inside our network: a redirect is a failure.
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddScoped<IApiClientStore, ApiClientStore>();
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<IEd25519Verifier, NSecEd25519Verifier>();
        services.AddSingleton<IReplayGuard, MemoryReplayGuard>();
        services.AddSingleton<IServerBox, SodiumServerBox>();
        services.AddSingleton<IServerFunctionRunner, ProcessServerFunctionRunner>();

        // The key ring that protects client secrets, shared by the service and the command line through the data directory.
        var keyRing = configuration.GetSection(SignatureOptions.SectionName)[nameof(SignatureOptions.KeyRingPath)] ?? new SignatureOptions().KeyRingPath;
        services.AddDataProtection()
            .SetApplicationName("Paste")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(keyRing)));

        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<IWebhookDispatchSignal>(provider => provider.GetRequiredService<WebhookDispatcher>());
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDispatcher>());
        return services;
    }

    private sealed class RandomPasteIdGenerator : IPasteIdGenerator
    {
        public string NewId() => PasteId.NewId();
    }
}
