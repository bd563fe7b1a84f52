using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paste.Domain.Clients;

namespace Paste.Infrastructure.Persistence.Configurations;

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> builder)
    {
        builder.ToTable("ApiClients");
        builder.HasKey(c => c.KeyId);
        builder.Property(c => c.KeyId).HasMaxLength(32).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(100).IsRequired();
        builder.Property(c => c.KeyType);
        builder.Property(c => c.KeyMaterial).IsRequired();
        builder.Property(c => c.BoxPublicKey).HasMaxLength(44);
        builder.Property(c => c.CreatedAt).HasConversion(PasteConfiguration.UnixMilliseconds);
        builder.Property(c => c.RevokedAt).HasConversion(PasteConfiguration.UnixMilliseconds);
        builder.Ignore(c => c.IsRevoked);
    }
}
