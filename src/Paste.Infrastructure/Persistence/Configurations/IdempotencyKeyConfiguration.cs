using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Paste.Infrastructure.Persistence.Configurations;

internal sealed class IdempotencyKeyConfiguration : IEntityTypeConfiguration<IdempotencyKeyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyKeyRecord> builder)
    {
        builder.ToTable("IdempotencyKeys");
        builder.HasKey(k => new { k.Scope, k.Key });
        builder.Property(k => k.Scope).HasMaxLength(160);
        builder.Property(k => k.Key).HasMaxLength(255);
        builder.Property(k => k.RequestHash).HasMaxLength(32).IsRequired();
        builder.Property(k => k.Response).IsRequired();
        builder.Property(k => k.CreatedAt).HasConversion(PasteConfiguration.UnixMilliseconds);
        builder.HasIndex(k => k.CreatedAt);
    }
}
