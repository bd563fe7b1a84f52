using Npgsql;
using Paste.Application.Common;

namespace Paste.Infrastructure.Persistence.PostgreSql;

internal static class PostgresErrors
{
    /// <summary>disk_full: the server could not extend a file.</summary>
    private const string DiskFull = "53100";

    /// <summary>Runs a write; one refused because the server's disk is full becomes the use cases' <see cref="StorageFullException"/>.</summary>
    public static async Task<T> TranslateAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (PostgresException exception) when (exception.SqlState == DiskFull)
        {
            throw new StorageFullException(exception);
        }
    }
}
