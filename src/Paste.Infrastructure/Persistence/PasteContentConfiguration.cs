using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paste.Domain.Pastes;

namespace Paste.Infrastructure.Persistence;

internal sealed class PasteContentConfiguration : IEntityTypeConfiguration<PasteContentRecord>
{
    public void Configure(EntityTypeBuilder<PasteContentRecord> builder)
    {
        builder.ToTable("PasteContents");
        builder.HasKey(c => c.PasteId);
        builder.Property(c => c.PasteId).HasMaxLength(PasteId.Length);
        builder.Property(c => c.Data).IsRequired();
        builder.HasOne<Domain.Pastes.Paste>().WithOne().HasForeignKey<PasteContentRecord>(c => c.PasteId).OnDelete(DeleteBehavior.Cascade);
    }
}
