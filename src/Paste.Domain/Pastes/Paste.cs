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

    /// <summary>
    /// The paste's own end, whatever its reads: its creation plus the lifetime its creator asked for; null when it
    /// lives only by <see cref="LastAccessedAt"/>.
    /// </summary>
    public DateTimeOffset? Deadline { get; private set; }

    /// <summary>The content reads its creator allowed; null for no limit. One means burn after reading.</summary>
    public int? MaxViews { get; private set; }

    /// <summary>Content reads still allowed; null for no limit. At zero the paste is gone for everyone.</summary>
    public int? ViewsLeft { get; private set; }

    public bool BurnsAfterReading => MaxViews == 1;

    /// <summary>The content's SHA-256; null only for pastes stored before digests were kept.</summary>
    public byte[]? Sha256 { get; private set; }

    /// <summary>The SHA-256 of the paste's delete token; null only for pastes stored before tokens were issued.</summary>
    public byte[]? DeleteTokenHash { get; private set; }

    /// <param name="limits">The creator's limits; none when null.</param>
    /// <param name="deleteTokenHash">The hash of the token handed to the creator (<see cref="DeleteToken.Hash"/>).</param>
    public static Paste Create(
        string id,
        ContentInspection content,
        string? declaredContentType,
        string? owner,
        DateTimeOffset now,
        PasteLimits? limits = null,
        byte[]? deleteTokenHash = null)
    {
        limits ??= PasteLimits.None;
        if (!PasteId.IsWellFormed(id))
        {
            throw new ArgumentException("The paste id is not well-formed.", nameof(id));
        }

        if (content.Length == 0)
        {
            throw new ArgumentException("A paste cannot be empty.", nameof(content));
        }

        if (limits.Lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("A paste's lifetime must be positive.", nameof(limits));
        }

        if (limits.MaxViews < 1)
        {
            throw new ArgumentException("A paste must allow at least one read.", nameof(limits));
        }

        return new Paste(id, MimeTypes.Detect(content, declaredContentType), content.Length, now, owner)
        {
            Deadline = now + limits.Lifetime,
            MaxViews = limits.MaxViews,
            ViewsLeft = limits.MaxViews,
            Sha256 = content.Sha256.ToArray(),
            DeleteTokenHash = deleteTokenHash,
        };
    }

    /// <summary>Rebuilds a paste from storage; no rule is re-applied.</summary>
    public static Paste Restore(
        string id,
        string mimeType,
        long size,
        DateTimeOffset createdAt,
        DateTimeOffset lastAccessedAt,
        string? owner,
        DateTimeOffset? deadline = null,
        int? maxViews = null,
        int? viewsLeft = null,
        byte[]? sha256 = null,
        byte[]? deleteTokenHash = null) =>
        new(id, mimeType, size, createdAt, owner)
        {
            LastAccessedAt = lastAccessedAt,
            Deadline = deadline,
            MaxViews = maxViews,
            ViewsLeft = viewsLeft,
            Sha256 = sha256,
            DeleteTokenHash = deleteTokenHash,
        };

    /// <summary>The earlier of the expiry after the last read and the paste's own deadline.</summary>
    public DateTimeOffset ExpiresAt(TimeSpan expiry)
    {
        var afterLastRead = LastAccessedAt + expiry;
        return Deadline < afterLastRead ? Deadline.Value : afterLastRead;
    }

    /// <summary>Gone for its readers: expired, or every allowed read taken, even before the store has deleted it.</summary>
    public bool IsExpired(DateTimeOffset now, TimeSpan expiry) => ViewsLeft == 0 || now >= ExpiresAt(expiry);

    /// <summary>Whoever holds the token the create answered may delete the paste, with or without an identity.</summary>
    public bool AcceptsDeleteToken(string token) => DeleteTokenHash is not null && DeleteToken.Matches(token, DeleteTokenHash);

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
