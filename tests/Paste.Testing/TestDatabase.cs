using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Paste.Infrastructure.Persistence;

namespace Paste.Testing;

/// <summary>
/// A store of the application's own, thrown away on dispose: a SQLite file in a temporary directory (deleted with its
/// WAL and shared-memory files), or a fresh database on the test process's <see cref="PostgresServer"/> (dropped).
/// The directory exists for both, since the keys live beside the store. Tests use it to look at what the application
/// stored, independently of the application's own code, with SQL both engines accept: double-quoted identifiers and
/// <c>@name</c> parameters.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string? postgresConnectionString;
    private bool disposed;

    public TestDatabase(StorageProvider provider = StorageProvider.Sqlite)
    {
        Provider = provider;
        DirectoryPath = Path.Combine(Path.GetTempPath(), "paste-api-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DirectoryPath);
        FilePath = Path.Combine(DirectoryPath, "paste.db");
        if (provider == StorageProvider.PostgreSql)
        {
            // A constructor cannot await; fixtures create databases from NUnit's threads, which have no context to deadlock on.
            postgresConnectionString = PostgresServer.Shared.CreateDatabaseAsync().GetAwaiter().GetResult();
        }
    }

    public StorageProvider Provider { get; }

    public bool IsPostgreSql => Provider == StorageProvider.PostgreSql;

    /// <summary>The temporary directory of this store's keys (and, for SQLite, of the store itself).</summary>
    public string DirectoryPath { get; }

    /// <summary>The SQLite file; on PostgreSQL it is never created, which tests of "nothing was opened" still rely on.</summary>
    public string FilePath { get; }

    public string ConnectionString => postgresConnectionString ?? $"Data Source={FilePath}";

    /// <summary>The table of paste content: one row a paste in SQLite, rows of chunks of a paste in PostgreSQL.</summary>
    public string ContentTable => IsPostgreSql ? "PasteChunks" : "PasteContents";

    /// <summary>
    /// The server's <c>/v1</c> box key beside the database, where both the service and the command line of a test look
    /// for it: its default, <c>data/box.key</c> under the working directory, would be one key shared by every test.
    /// </summary>
    public string BoxKeyPath => Path.Combine(DirectoryPath, "box.key");

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsPostgreSql ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A command on <paramref name="connection"/> with <paramref name="parameters"/> bound by name (<c>@name</c> in the SQL).</summary>
    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name.StartsWith('@') ? name : "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>The first column of the first row of <paramref name="sql"/>, or null when there is none (or it is NULL).</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <summary>A whole-number scalar, whichever integer type the engine returns it as (SQLite: always 64-bit).</summary>
    public async Task<long> LongAsync(string sql, params (string Name, object? Value)[] parameters) =>
        Convert.ToInt64(await ScalarAsync(sql, parameters) ?? throw new InvalidOperationException($"No value from: {sql}"), System.Globalization.CultureInfo.InvariantCulture);

    public Task<long> CountAsync(string table, string pasteIdColumn, string pasteId) =>
        LongAsync($"SELECT COUNT(*) FROM \"{table}\" WHERE \"{pasteIdColumn}\" = @id", ("id", pasteId));

    public Task<long> CountAllAsync(string table) => LongAsync($"SELECT COUNT(*) FROM \"{table}\"");

    /// <summary>Rows of content: of pastes in SQLite, of chunks in PostgreSQL.</summary>
    public Task<long> CountContentRowsAsync() => CountAllAsync(ContentTable);

    /// <summary>
    /// Rows for the paste in the metadata table, and whether its content is stored (0 or 1, as SQLite's one content
    /// row a paste). On PostgreSQL content is any chunk of the paste, or nothing at all for an empty paste that exists
    /// (an empty paste has no chunk); a chunk left behind by a deleted paste still counts, so "content gone" keeps its meaning.
    /// </summary>
    public async Task<(long Pastes, long Contents)> RowsForAsync(string pasteId)
    {
        var pastes = await CountAsync("Pastes", "Id", pasteId);
        if (!IsPostgreSql)
        {
            return (pastes, await CountAsync("PasteContents", "PasteId", pasteId));
        }

        var chunks = await CountAsync("PasteChunks", "PasteId", pasteId);
        var emptyPaste = await LongAsync("""SELECT COUNT(*) FROM "Pastes" WHERE "Id" = @id AND "Size" = 0""", ("id", pasteId));
        return (pastes, chunks > 0 || emptyPaste > 0 ? 1 : 0);
    }

    /// <summary>
    /// Whether the application has created its store yet: the SQLite file exists, or the PostgreSQL database (created
    /// empty for the test) has a table. Start-up refusals are checked to happen before this.
    /// </summary>
    public async Task<bool> StoreCreatedAsync() =>
        IsPostgreSql
            ? await LongAsync("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'") > 0
            : File.Exists(FilePath);

    /// <summary>
    /// Every row of <paramref name="table"/> as PostgreSQL prints it (<c>(value,value,…)</c>), to look for what must not
    /// be stored anywhere in it. PostgreSQL only: SQLite's whole file is read for that instead.
    /// </summary>
    public async Task<IReadOnlyList<string>> TextOfRowsAsync(string table)
    {
        if (!IsPostgreSql)
        {
            throw new InvalidOperationException("SQLite prints no row as text; read the database file instead.");
        }

        await using var connection = await OpenAsync();
        await using var command = Command(connection, $"SELECT CAST(t AS text) FROM \"{table}\" AS t");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    public async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Makes the store unusable for pastes, as a lost or damaged database would be: the content and metadata tables
    /// are dropped (on PostgreSQL with what depends on them).
    /// </summary>
    public Task BreakPasteTablesAsync() =>
        ExecuteAsync(IsPostgreSql
            ? "DROP TABLE \"PasteChunks\"; DROP TABLE \"Pastes\" CASCADE;"
            : "DROP TABLE \"PasteContents\"; DROP TABLE \"Pastes\";");

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (postgresConnectionString is not null)
        {
            // Dropped WITH (FORCE): an application still draining its connections must not keep the database alive.
            PostgresServer.Shared.DropDatabaseAsync(postgresConnectionString).GetAwaiter().GetResult();
        }
        else
        {
            // Pooled connections keep the file open; only this database's pool is cleared, so parallel fixtures are untouched.
            using var connection = new SqliteConnection(ConnectionString);
            SqliteConnection.ClearPool(connection);
        }

        try
        {
            Directory.Delete(DirectoryPath, recursive: true);
        }
        catch (IOException)
        {
            // A connection still draining must not fail the test run; the directory is under the temp folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
