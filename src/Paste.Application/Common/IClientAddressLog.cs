namespace Paste.Application.Common;

/// <summary>
/// Client addresses already logged as new, shared by every instance of the service (the PostgreSQL store). Registered
/// only there: a single process on SQLite remembers them in its own memory.
/// </summary>
public interface IClientAddressLog
{
    /// <summary>True, for exactly one caller, when <paramref name="address"/> was not logged within <paramref name="window"/> before <paramref name="now"/>.</summary>
    ValueTask<bool> TryMarkNewAsync(string address, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken);
}
