using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Paste.Domain.Pastes;

namespace Paste.Infrastructure.Persistence.Configurations;

internal sealed class PasteConfiguration : IEntityTypeConfiguration<Domain.Pastes.Paste>
{
    /// <summary>SQLite cannot compare DateTimeOffset text; unix milliseconds sort and compare as plain integers.</summary>
    internal static readonly ValueConverter<DateTimeOffset, long> UnixMilliseconds = new(
        value => value.ToUnixTimeMilliseconds(),
        value => DateTimeOffset.FromUnixTimeMilliseconds(value));

    public void Configure(EntityTypeBuilder<Domain.Pastes.Paste> builder)
    {
        builder.ToTable("Pastes");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(PasteId.Length).ValueGeneratedNever();
        builder.Property(p => p.MimeType).HasMaxLength(127).IsRequired();
        builder.Property(p => p.Size);
        builder.Property(p => p.CreatedAt).HasConversion(UnixMilliseconds);
        builder.Property(p => p.LastAccessedAt).HasConversion(UnixMilliseconds);
        builder.Property(p => p.Owner).HasMaxLength(128);
        builder.Property(p => p.Deadline).HasConversion(UnixMilliseconds);
        builder.Property(p => p.MaxViews);
        builder.Property(p => p.ViewsLeft);
        builder.Property(p => p.Sha256).HasMaxLength(32);
        builder.Property(p => p.DeleteTokenHash).HasMaxLength(32);
        builder.Ignore(p => p.BurnsAfterReading);
        builder.HasIndex(p => p.LastAccessedAt);

        // The sweep finds pastes past their own deadline; an owner's pastes are listed and counted newest first.
        builder.HasIndex(p => p.Deadline);
        builder.HasIndex(p => new { p.Owner, p.CreatedAt });
    }
}
