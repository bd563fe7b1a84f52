using Microsoft.Data.Sqlite;

namespace Paste.Testing;

/// <summary>
/// A SQLite file in its own temporary directory, deleted (with its WAL and shared-memory files) on dispose.
/// Tests use it to look at what the application stored, independently of the application's own code.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private bool disposed;

    public TestDatabase()
    {
        DirectoryPath = Path.Combine(Path.GetTempPath(), "paste-api-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DirectoryPath);
        FilePath = Path.Combine(DirectoryPath, "paste.db");
    }

    public string DirectoryPath { get; }

    public string FilePath { get; }

    public string ConnectionString => $"Data Source={FilePath}";

    /// <summary>
    /// The server's <c>/v1</c> box key beside the database, where both the service and the command line of a test look
    /// for it: its default, <c>data/box.key</c> under the working directory, would be one key shared by every test.
    /// </summary>
    public string BoxKeyPath => Path.Combine(DirectoryPath, "box.key");

    public async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<long> CountAsync(string table, string pasteIdColumn, string pasteId)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE \"{pasteIdColumn}\" = $id";
        command.Parameters.AddWithValue("$id", pasteId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<long> CountAllAsync(string table)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Rows for the paste in the metadata table and in the content table.</summary>
    public async Task<(long Pastes, long Contents)> RowsForAsync(string pasteId) =>
        (await CountAsync("Pastes", "Id", pasteId), await CountAsync("PasteContents", "PasteId", pasteId));

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;

        // Pooled connections keep the file open; only this database's pool is cleared, so parallel fixtures are untouched.
        using (var connection = new SqliteConnection(ConnectionString))
        {
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
