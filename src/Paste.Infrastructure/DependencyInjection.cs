using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using Paste.Application.Clients;
using Paste.Application.Common;
using Paste.Application.Maintenance;
using Paste.Application.ServerFunctions;
using Paste.Application.Webhooks;
using Paste.Domain.Pastes;
using Paste.Infrastructure.Clients;
using Paste.Infrastructure.Health;
using Paste.Infrastructure.Persistence;
using Paste.Infrastructure.Persistence.PostgreSql;
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
        var storage = configuration.GetSection(StorageSettings.SectionName);

        // Read leniently here, to choose the services; a value that is no provider stops start-up in the options'
        // validation, naming the key, before anything is opened.
        var provider = Enum.TryParse<StorageProvider>(storage[nameof(StorageSettings.Provider)], ignoreCase: true, out var configured)
            ? configured
            : StorageProvider.Sqlite;
        services.AddOptions<StorageSettings>()
            .Bind(storage)
            .Validate(
                settings => settings.MaxDatabaseBytes == 0 || settings.MaxDatabaseBytes >= StorageSettings.MinDatabaseBytes,
                $"{StorageSettings.SectionName}:{nameof(StorageSettings.MaxDatabaseBytes)} must be 0 (no cap) or at least {StorageSettings.MinDatabaseBytes} bytes.")
            .Validate(
                settings => settings.ReadSnapshotLimit > TimeSpan.Zero && settings.ReadSnapshotLimit <= DurationSetting.Max,
                $"{StorageSettings.SectionName}:{nameof(StorageSettings.ReadSnapshotLimit)} must be a positive duration of at most {DurationSetting.Max.TotalDays:0} days, such as 00:00:10.")
            .Validate(
                settings => Enum.IsDefined(settings.Provider),
                $"{StorageSettings.SectionName}:{nameof(StorageSettings.Provider)} must be {StorageProvider.Sqlite} or {StorageProvider.PostgreSql}.")
            .Validate(
                settings => settings.Provider != StorageProvider.PostgreSql || !string.IsNullOrWhiteSpace(connectionString),
                $"ConnectionStrings:{ConnectionStringName} must be set to a PostgreSQL connection string when {StorageSettings.SectionName}:{nameof(StorageSettings.Provider)} is {StorageProvider.PostgreSql}.")
            .Validate(
                settings => settings.Provider != StorageProvider.PostgreSql || string.IsNullOrWhiteSpace(connectionString) || PostgresDataSource.NamesAServer(connectionString),
                $"ConnectionStrings:{ConnectionStringName} is not a valid PostgreSQL connection string (Host=...;Database=...;Username=...).")
            .ValidateOnStart();

        if (provider == StorageProvider.PostgreSql)
        {
            AddPostgreSql(services, connectionString);
        }
        else
        {
            AddSqlite(services, string.IsNullOrWhiteSpace(connectionString) ? DefaultConnectionString : connectionString);
        }

        services.AddScoped<IWebhookDeliveryStore, WebhookDeliveryStore>();
        services.AddScoped<IApiClientStore, ApiClientStore>();
        services.AddHealthChecks().AddCheck<IHealthCheck>(DatabaseHealthCheck.Name);
        services.AddSingleton<IPasteIdGenerator, RandomPasteIdGenerator>();
        services.AddHostedService<RetentionSweeper>();

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
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<IEd25519Verifier, NSecEd25519Verifier>();
        services.AddSingleton<IServerBox, SodiumServerBox>();
        services.AddSingleton<IServerFunctionRunner, ProcessServerFunctionRunner>();
        services.AddSingleton<IServerFunctionRunSlots, ServerFunctionRunSlots>();

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

    /// <summary>
    /// SQLite: one file, one writer of our own that commits groups of writes (accepted signatures and nonces among
    /// them), kept read connections, and the file locks that keep a restore and a second service away.
    /// </summary>
    private static void AddSqlite(IServiceCollection services, string connectionString)
    {
        services.AddSingleton(new SqliteConnectionString(connectionString));
        services.AddSingleton<SqliteConnectionSetup>();
        services.AddSingleton<SqliteReadConnections>();
        services.AddSingleton<SqliteWriter>();
        services.AddSingleton<ITrackedWrites>(provider => provider.GetRequiredService<SqliteWriter>());
        services.AddSingleton<StoreLock>();
        services.AddScoped<IStoreMaintenance, SqliteMaintenance>();

        // Builds its own connection to the target from the connection string it is given: no PostgreSQL service is registered.
        services.AddScoped<IStoreCopier, SqliteToPostgresCopy>();
        services.AddDbContext<PasteDbContext>((provider, options) => options
            .UseSqlite(connectionString)
            .AddInterceptors(provider.GetRequiredService<SqliteConnectionSetup>()));
        services.AddScoped<IPasteRepository, PasteRepository>();
        services.AddScoped<IDeliveryLeases, SqliteDeliveryLeases>();
        services.AddSingleton<IHealthCheck, DatabaseHealthCheck>();
        services.AddSingleton<IReplayGuard, SqliteReplayGuard>();
    }

    /// <summary>
    /// PostgreSQL: one pooled data source for EF Core and the plain commands alike; what several instances must
    /// see alike (accepted signatures, rate-limit windows, client addresses logged, the outbox's leases) lives in the database.
    /// </summary>
    private static void AddPostgreSql(IServiceCollection services, string? connectionString)
    {
        services.AddSingleton(provider => PostgresDataSource.Create(connectionString ?? string.Empty, provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(provider => PostgresDataSource.CreateForCounters(connectionString ?? string.Empty, provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<ITrackedWrites, PostgresTrackedWrites>();
        services.AddScoped<IStoreMaintenance, PostgresMaintenance>();
        services.AddScoped<IStoreCopier, PostgresMaintenance>();
        services.AddDbContext<PostgresPasteDbContext>((provider, options) => options.UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddScoped<PasteDbContext>(provider => provider.GetRequiredService<PostgresPasteDbContext>());
        services.AddScoped<IPasteRepository, PostgresPasteRepository>();
        services.AddScoped<IDeliveryLeases, PostgresDeliveryLeases>();
        services.AddSingleton<IHealthCheck, PostgresHealthCheck>();
        services.AddSingleton<IReplayGuard, PostgresReplayGuard>();
        services.AddSingleton<ISharedRateWindows, PostgresRateWindows>();
        services.AddSingleton<IClientAddressLog, PostgresClientAddressLog>();
    }

    private sealed class RandomPasteIdGenerator : IPasteIdGenerator
    {
        public string NewId() => PasteId.NewId();
    }
}
