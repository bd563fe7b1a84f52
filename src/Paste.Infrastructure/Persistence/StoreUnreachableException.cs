using System.Net.Sockets;

namespace Paste.Infrastructure.Persistence;

/// <summary>
/// The database could not be connected to or opened before anything was done with it. The message is one line: where
/// the store is (a PostgreSQL server's host, port and database, never its password; a SQLite file's path) and the
/// driver's reason, which is all an operator needs and what a command prints in place of EF Core's failure report.
/// </summary>
public sealed class StoreUnreachableException(string store, Exception driverError)
    : Exception($"{store}: {Reason(driverError)}", driverError)
{
    /// <summary>
    /// The driver's message on one line, with the system's own reason when the driver only says that it failed: Npgsql
    /// reports a refused connection as "Failed to connect to 127.0.0.1:5432", its socket error says "Connection refused".
    /// </summary>
    public static string Reason(Exception driverError) =>
        (driverError.InnerException is SocketException or TimeoutException && !driverError.Message.Contains(driverError.InnerException.Message, StringComparison.Ordinal)
            ? $"{driverError.Message} ({driverError.InnerException.Message})"
            : driverError.Message).ReplaceLineEndings(" ");
}
