using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paste.Domain.Webhooks;

namespace Paste.Infrastructure.Persistence.Configurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    /// <summary>
    /// Until when a dispatcher holds the delivery: the store's concern, not the delivery's, so a column the entity
    /// does not carry. A dispatcher that dies holding one leaves it to be taken again when the lease ends.
    /// </summary>
    public const string LeasedUntil = nameof(LeasedUntil);

    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.EventId).HasMaxLength(64).IsRequired();
        builder.Property(d => d.Url).HasMaxLength(2048).IsRequired();
        builder.Property(d => d.Payload).IsRequired();
        builder.Property(d => d.Status);
        builder.Property(d => d.Attempts);
        builder.Property(d => d.CreatedAt).HasConversion(PasteConfiguration.UnixMilliseconds);
        builder.Property(d => d.NextAttemptAt).HasConversion(PasteConfiguration.UnixMilliseconds);
        builder.Property(d => d.DeliveredAt).HasConversion(PasteConfiguration.UnixMilliseconds);
        builder.Property(d => d.LastError).HasMaxLength(512);
        // A concurrency token: an outcome is recorded only while the lease it was attempted under is still the row's.
        builder.Property<DateTimeOffset?>(LeasedUntil).HasConversion(PasteConfiguration.UnixMilliseconds).IsConcurrencyToken();
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
    }
}
