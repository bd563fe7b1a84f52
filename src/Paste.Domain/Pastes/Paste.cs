namespace Paste.Domain.Pastes;

/// <summary>
/// A stored paste's metadata. The content lives apart from it so that listing, expiry and
/// metadata reads never have to load the bytes.
/// </summary>
public sealed class Paste
{
    /// <summary>
    /// Reads refresh <see cref="LastAccessedAt"/>, but writing on every read would turn reads into writes.
    /// A refresh is skipped while the stored time is younger than this window; the window is at most a
    /// tenth of the expiry, so a paste read regularly can never expire because a refresh was skipped.
    /// </summary>
    public static readonly TimeSpan MaxAccessCoalescing = TimeSpan.FromSeconds(60);

    private Paste(string id, string mimeType, long size, DateTimeOffset createdAt, string? owner)
    {
        Id = id;
        MimeType = mimeType;
        Size = size;
        CreatedAt = createdAt;
        LastAccessedAt = createdAt;
        Owner = owner;
    }

    public string Id { get; private set; }

    public string MimeType { get; private set; }

    public long Size { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset LastAccessedAt { get; private set; }

    /// <summary>The authenticated identity that created the paste; null for anonymous pastes.</summary>
    public string? Owner { get; private set; }

    public static Paste Create(string id, ContentInspection content, string? declaredContentType, string? owner, DateTimeOffset now)
    {
        if (!PasteId.IsWellFormed(id))
        {
            throw new ArgumentException("The paste id is not well-formed.", nameof(id));
        }

        if (content.Length == 0)
        {
            throw new ArgumentException("A paste cannot be empty.", nameof(content));
        }

        return new Paste(id, MimeTypes.Detect(content, declaredContentType), content.Length, now, owner);
    }

    /// <summary>Rebuilds a paste from storage; no rule is re-applied.</summary>
    public static Paste Restore(string id, string mimeType, long size, DateTimeOffset createdAt, DateTimeOffset lastAccessedAt, string? owner) =>
        new(id, mimeType, size, createdAt, owner) { LastAccessedAt = lastAccessedAt };

    public DateTimeOffset ExpiresAt(TimeSpan expiry) => LastAccessedAt + expiry;

    public bool IsExpired(DateTimeOffset now, TimeSpan expiry) => now >= ExpiresAt(expiry);

    public static TimeSpan AccessCoalescingWindow(TimeSpan expiry)
    {
        var tenth = expiry / 10;
        return tenth < MaxAccessCoalescing ? tenth : MaxAccessCoalescing;
    }

    /// <summary>True when a read at <paramref name="now"/> must be persisted as the new last access.</summary>
    public bool NeedsAccessRecorded(DateTimeOffset now, TimeSpan expiry) =>
        now - LastAccessedAt >= AccessCoalescingWindow(expiry);

    public void RecordAccess(DateTimeOffset now)
    {
        if (now > LastAccessedAt)
        {
            LastAccessedAt = now;
        }
    }

    /// <summary>Only an identified caller who created the paste owns it; anonymous pastes have no owner.</summary>
    public bool IsOwnedBy(string? requester) =>
        Owner is not null && requester is not null && string.Equals(Owner, requester, StringComparison.Ordinal);
}
