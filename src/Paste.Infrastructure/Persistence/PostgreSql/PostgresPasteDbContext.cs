using Microsoft.EntityFrameworkCore;

namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>
/// The shared model on PostgreSQL, with its own migrations: content in chunks, and the state that every instance of
/// the service must see alike (accepted signatures, rate-limit windows, client addresses already logged).
/// </summary>
public sealed class PostgresPasteDbContext(DbContextOptions<PostgresPasteDbContext> options) : PasteDbContext(options)
{
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
