using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Paste.Infrastructure.Persistence.Configurations;

internal sealed class ReplayTokenConfiguration : IEntityTypeConfiguration<ReplayTokenRecord>
{
    public void Configure(EntityTypeBuilder<ReplayTokenRecord> builder)
    {
        builder.ToTable("ReplayTokens");
        builder.HasKey(t => t.Token);
        builder.HasIndex(t => t.RememberUntil);
    }
}
