using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paste.Application.Clients;
using Paste.Application.ServerFunctions;
using Paste.Application.Webhooks;
using Paste.Infrastructure.Persistence.PostgreSql;

namespace Paste.Infrastructure.Persistence;

public static class DatabaseInitializer
{
    /// <summary>Prepares everything the service stores: the webhook signing key, the box key, the client key ring and the database.</summary>
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
    /// Applies the committed migrations of the configured provider: for SQLite, creates the data directory first and
    /// switches the file to WAL after.
    /// </summary>
    public static async Task InitialiseDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (services.GetRequiredService<IOptions<StorageSettings>>().Value.Provider == StorageProvider.PostgreSql)
        {
            await using var postgres = services.CreateAsyncScope();
            await postgres.ServiceProvider.GetRequiredService<PostgresPasteDbContext>().MigrateAsync(cancellationToken);
            return;
        }

        // Held until the process ends, so that a restore cannot replace the database under it; taking it creates the
        // data directory.
        services.GetRequiredService<StoreLock>().HoldShared();

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PasteDbContext>();

        // EF Core marks a migration in progress with a row in __EFMigrationsLock, which a process killed while migrating
        // leaves behind: every later start would wait for it forever, without a word. A file lock, which the system
        // releases with its process however that ends, keeps migrations apart instead, and its holder knows that any
        // such row is left over from a dead process.
        using (await services.GetRequiredService<StoreLock>().TakeMigrationLockAsync(cancellationToken))
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE IF EXISTS \"__EFMigrationsLock\";", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }

        // WAL lets readers proceed while a paste is written; the mode is stored in the file, so once is enough.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);

        // One process serves a SQLite file, so a delivery still leased was leased by one that has ended: it is due
        // again now rather than when that lease would have run out.
        await db.Database.ExecuteSqlRawAsync("UPDATE \"WebhookDeliveries\" SET \"LeasedUntil\" = NULL WHERE \"LeasedUntil\" IS NOT NULL;", cancellationToken);
    }
}
