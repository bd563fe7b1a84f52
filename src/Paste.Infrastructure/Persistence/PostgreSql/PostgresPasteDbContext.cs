using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>
/// The shared model on PostgreSQL, with its own migrations: content in chunks, and the state that every instance of
/// the service must see alike (rate-limit windows, client addresses already logged).
/// </summary>
public sealed class PostgresPasteDbContext(DbContextOptions<PostgresPasteDbContext> options) : PasteDbContext(options)
{
    /// <summary>
    /// Applies the committed migrations. Instances starting together migrate one at a time: EF Core locks the history
    /// table for the migration, and the server releases the lock with the session, however that ends.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        // Created first, so that a new database's first migration does not log the failed read of a missing history.
        await this.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await Database.MigrateAsync(cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PostgresPasteDbContext).Assembly, type => type.Namespace == typeof(PostgresPasteDbContext).Namespace);
    }

    /// <summary>Content in rows of at most <see cref="PostgresContent.ChunkBytes"/>, each written and read on its own.</summary>
    protected override void ConfigureContent(ModelBuilder modelBuilder)
    {
    }
}
