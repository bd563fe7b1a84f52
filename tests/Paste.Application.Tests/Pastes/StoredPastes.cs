using Microsoft.Extensions.Options;
using Paste.Application.Common;
using PasteEntity = Paste.Domain.Pastes.Paste;

namespace Paste.Application.Tests.Pastes;

/// <summary>Pastes as the repository would hand them back, and the options the handlers read.</summary>
internal static class StoredPastes
{
    public const string Id = "AbCdEfGhIjKlMnOp";
    public const string Owner = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2";
    public const string OtherOwner = "ffffffffffffffffffffffffffffffffffffffff";

    public static readonly DateTimeOffset CreatedAt = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LastAccessedAt = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Expiry = TimeSpan.FromDays(5);

    /// <summary>The content's SHA-256 as stored pastes carry it.</summary>
    public static readonly byte[] Sha256 = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))];

    public static string Sha256Hex => Convert.ToHexStringLower(Sha256);

    public static PasteEntity Restore(string? owner = null, byte[]? deleteTokenHash = null) =>
        PasteEntity.Restore(Id, "image/png", 1234, CreatedAt, LastAccessedAt, owner, sha256: Sha256, deleteTokenHash: deleteTokenHash);

    /// <summary>A paste that allows <paramref name="maxViews"/> content reads, <paramref name="viewsLeft"/> of them not yet taken.</summary>
    public static PasteEntity RestoreViewLimited(int maxViews, int viewsLeft) =>
        PasteEntity.Restore(Id, "image/png", 1234, CreatedAt, LastAccessedAt, null, maxViews: maxViews, viewsLeft: viewsLeft, sha256: Sha256);

    public static IOptions<PasteOptions> Options(TimeSpan? expiry = null) =>
        Microsoft.Extensions.Options.Options.Create(new PasteOptions { Expiry = expiry ?? Expiry });
}
