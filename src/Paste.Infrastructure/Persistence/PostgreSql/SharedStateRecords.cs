namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>A signature or nonce a client has used, remembered until a request carrying it could no longer pass the time check.</summary>
public sealed class ReplayTokenRecord
{
    public required string Token { get; init; }

    public required long RememberUntil { get; init; }
}

/// <summary>The count of one fixed rate-limit window of one caller, shared by every instance.</summary>
public sealed class RateWindowRecord
{
    public required string Key { get; init; }

    public required long WindowStart { get; init; }

    public required int Count { get; init; }
}

/// <summary>When a client address was last logged as new, shared so that only one instance logs it per window.</summary>
public sealed class ClientAddressRecord
{
    public required string Address { get; init; }

    public required long LoggedAt { get; init; }
}
