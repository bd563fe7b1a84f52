namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>
/// The count of one caller's current window of one rate limit, shared by every instance; a row whose window has
/// ended is started afresh by the next request, or deleted by a sweep.
/// </summary>
public sealed class RateWindowRecord
{
    public required string Key { get; init; }

    /// <summary>When the window counted here ends, in unix milliseconds: it also tells one window from the next.</summary>
    public required long WindowEnd { get; init; }

    public required int Count { get; init; }

    /// <summary>The window's limit, stored so that the upsert can refuse on the row it locks.</summary>
    public required int Permits { get; init; }
}

/// <summary>When a client address was last logged as new, shared so that only one instance logs it per window.</summary>
public sealed class ClientAddressRecord
{
    public required string Address { get; init; }

    public required long LoggedAt { get; init; }
}
