using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Paste.Application.Clients;
using Paste.Application.ServerFunctions;
using Paste.Application.Webhooks;
using Paste.Infrastructure.Persistence.PostgreSql;

namespace Paste.Infrastructure.Persistence;

public static class DatabaseInitializer
{
    /// <summary>
    /// What the service does before it serves: claims a SQLite database for itself (refused while another service
    /// process serves it), prepares the storage, then takes over what a service that ended before left unfinished.
    /// </summary>
    public static async Task InitialiseServiceStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (services.GetRequiredService<IOptions<StorageSettings>>().Value.Provider == StorageProvider.PostgreSql)
        {
            await services.InitialiseStorageAsync(cancellationToken);
            return;
        }

        services.GetRequiredService<StoreLock>().HoldAsService();
        await services.InitialiseStorageAsync(cancellationToken);

        // This process alone serves the file, so a delivery still leased was leased by one that has ended: it is due
        // again now rather than when that lease would have run out.
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PasteDbContext>().Database.ExecuteSqlRawAsync(
            "UPDATE \"WebhookDeliveries\" SET \"LeasedUntil\" = NULL WHERE \"LeasedUntil\" IS NOT NULL;", cancellationToken);
    }

    /// <summary>
    /// Prepares everything the service stores: the webhook signing key, the box key, the client key ring and the
    /// database. The operator's commands do this too, beside a running service.
    /// </summary>
    public static async Task InitialiseStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        // The key first, and now rather than on first use: an unreadable key stops start-up before the database changes.
        services.GetRequiredService<IWebhookSigner>();
        services.GetRequiredService<IServerBox>();

        // The key ring that protects client secrets: readable by the service's user only.
        OwnerOnlyFiles.CreateDirectory(Path.GetFullPath(services.GetRequiredService<IOptions<SignatureOptions>>().Value.KeyRingPath));

        await services.InitialiseDatabaseAsync(cancellationToken);
    }

    /// <summary>
    /// Applies the committed migrations of the configured provider: for SQLite, creates the data directory (mode 0700)
    /// and the file (0600) first, and switches the file to WAL after.
    /// </summary>
    public static async Task InitialiseDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (services.GetRequiredService<IOptions<StorageSettings>>().Value.Provider == StorageProvider.PostgreSql)
        {
            await PostgresDataSource.RequireConnectionAsync(services.GetRequiredService<NpgsqlDataSource>(), cancellationToken);
            await using var postgres = services.CreateAsyncScope();
            await postgres.ServiceProvider.GetRequiredService<PostgresPasteDbContext>().MigrateAsync(cancellationToken);
            return;
        }

        // Held until the process ends, so that a restore cannot replace the database under it; taking it creates the
        // data directory.
        var storeLock = services.GetRequiredService<StoreLock>();
        storeLock.HoldShared();

        // Created here rather than by SQLite, which would give it the process's umask (0644, say); SQLite gives the
        // -wal and -shm files the database's own mode.
        OwnerOnlyFiles.CreateIfMissing(storeLock.DatabasePath);
        RequireReadable(services.GetRequiredService<SqliteConnectionSetup>(), storeLock.DatabasePath);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PasteDbContext>();

        // EF Core marks a migration in progress with a row in __EFMigrationsLock, which a process killed while migrating
        // leaves behind: every later start would wait for it forever, without a word. A file lock, which the system
        // releases with its process however that ends, keeps migrations apart instead, and its holder knows that any
        // such row is left over from a dead process.
        using (await storeLock.TakeMigrationLockAsync(cancellationToken))
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE IF EXISTS \"__EFMigrationsLock\";", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }

        // WAL lets readers proceed while a paste is written; the mode is stored in the file, so once is enough.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
    }

    /// <summary>
    /// Reads the file's header outside EF Core before EF Core migrates it: a file that SQLite cannot open, or that is
    /// no database, is then reported as one <see cref="StoreUnreachableException"/> naming the file, where EF Core would
    /// first log its own report of the failed command.
    /// </summary>
    private static void RequireReadable(SqliteConnectionSetup connections, string path)
    {
        try
        {
            using var connection = connections.Open();
            using var read = connection.CreateCommand();
            read.CommandText = "PRAGMA schema_version;";
            read.ExecuteScalar();
        }
        catch (SqliteException exception)
        {
            throw new StoreUnreachableException(path, exception);
        }
    }
}
