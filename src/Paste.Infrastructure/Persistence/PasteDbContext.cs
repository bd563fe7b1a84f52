using Microsoft.EntityFrameworkCore;
using Paste.Domain.Clients;
using Paste.Domain.Webhooks;

namespace Paste.Infrastructure.Persistence;

/// <summary>The model both providers share; SQLite's migrations belong to this context, PostgreSQL's to its subclass.</summary>
public class PasteDbContext : DbContext
{
    public PasteDbContext(DbContextOptions<PasteDbContext> options)
        : base(options)
    {
    }

    protected PasteDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Domain.Pastes.Paste> Pastes => Set<Domain.Pastes.Paste>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<IdempotencyKeyRecord> IdempotencyKeys => Set<IdempotencyKeyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PasteDbContext).Assembly, type => type.Namespace == typeof(Configurations.PasteConfiguration).Namespace);
        ConfigureContent(modelBuilder);
    }

    /// <summary>Where content lives: one BLOB per paste in SQLite, written and read in place through its BLOB API.</summary>
    protected virtual void ConfigureContent(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfiguration(new PasteContentConfiguration());
}
