using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paste.Domain.Pastes;

namespace Paste.Infrastructure.Persistence.PostgreSql;

internal sealed class PasteChunkConfiguration : IEntityTypeConfiguration<PasteChunkRecord>
{
    public void Configure(EntityTypeBuilder<PasteChunkRecord> builder)
    {
        builder.ToTable("PasteChunks");
        builder.HasKey(c => new { c.PasteId, c.Index });
        builder.Property(c => c.PasteId).HasMaxLength(PasteId.Length);
        builder.Property(c => c.Data).IsRequired();
        builder.HasOne<Domain.Pastes.Paste>().WithMany().HasForeignKey(c => c.PasteId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RateWindowConfiguration : IEntityTypeConfiguration<RateWindowRecord>
{
    public void Configure(EntityTypeBuilder<RateWindowRecord> builder)
    {
        builder.ToTable("RateWindows");
        builder.HasKey(w => w.Key);
        builder.HasIndex(w => w.WindowEnd);
    }
}

internal sealed class ClientAddressConfiguration : IEntityTypeConfiguration<ClientAddressRecord>
{
    public void Configure(EntityTypeBuilder<ClientAddressRecord> builder)
    {
        builder.ToTable("ClientAddresses");
        builder.HasKey(a => a.Address);
        builder.HasIndex(a => a.LoggedAt);
    }
}
