using Npgsql;
using Paste.Application.Maintenance;

namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>
/// On PostgreSQL the server owns its files: backups are PostgreSQL's own (<c>pg_dump</c>, docs/scaling.md), and the
/// commands that copy or replace the SQLite file say so instead of doing something else, as does the copy from SQLite
/// into PostgreSQL, which has nothing to copy from here. The check asks the server.
/// </summary>
internal sealed class PostgresMaintenance(NpgsqlDataSource dataSource) : IStoreMaintenance, IStoreCopier
{
    /// <summary>Whatever else the command line says: no file, file or option changes what PostgreSQL needs.</summary>
    private const string UsePgDump =
        "the store is PostgreSQL, whose server owns its files: back it up with pg_dump and restore it with pg_restore (docs/scaling.md)";

    public Task<StoreSummary> BackupAsync(string destination, CancellationToken cancellationToken) => throw new InvalidOperationException(UsePgDump);

    public Task<StoreCopy> CopyToPostgreSqlAsync(string targetConnectionString, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(
            $"the configured store is PostgreSQL already ({Describe(dataSource.ConnectionString)}); this command copies the SQLite database "
            + $"of {StorageSettings.SectionName}:{nameof(StorageSettings.Provider)} = {StorageProvider.Sqlite}, so run it with the service's SQLite configuration");

    public Task<StoreSummary> RestoreAsync(string source, bool replace, CancellationToken cancellationToken) => throw new InvalidOperationException(UsePgDump);

    public async Task<StoreCheck> CheckAsync(CancellationToken cancellationToken)
    {
        var where = Describe(dataSource.ConnectionString);
        try
        {
            await using var select = dataSource.CreateCommand("""SELECT COUNT(*), pg_database_size(current_database()) FROM "Pastes" """);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new StoreCheck(new StoreSummary(where, reader.GetInt64(0), reader.GetInt64(1)), null);
        }
        catch (NpgsqlException exception)
        {
            return new StoreCheck(new StoreSummary(where, 0, 0), StoreUnreachableException.Reason(exception));
        }
    }

    /// <summary>Where the store is, without its password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
