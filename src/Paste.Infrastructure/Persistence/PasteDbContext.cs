using Microsoft.EntityFrameworkCore;
using Paste.Domain.Clients;
using Paste.Domain.Webhooks;

namespace Paste.Infrastructure.Persistence;

public sealed class PasteDbContext(DbContextOptions<PasteDbContext> options) : DbContext(options)
{
    public DbSet<Domain.Pastes.Paste> Pastes => Set<Domain.Pastes.Paste>();

    public DbSet<PasteContentRecord> PasteContents => Set<PasteContentRecord>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<IdempotencyKeyRecord> IdempotencyKeys => Set<IdempotencyKeyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PasteDbContext).Assembly);
}
