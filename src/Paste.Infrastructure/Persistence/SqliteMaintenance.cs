using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Paste.Application.Clients;
using Paste.Application.Maintenance;
using Paste.Application.ServerFunctions;
using Paste.Application.Webhooks;

namespace Paste.Infrastructure.Persistence;

/// <summary>
/// Backup, restore and check of the SQLite database. A backup is one SQLite file: the database as it was when the
/// backup began, plus a table holding the webhook signing key, the box key of <c>/v1</c> and the key ring that protects
/// client secrets, without which a restored service would sign with a new key, could not open its clients' sealed
/// calls and could not read their secrets.
/// </summary>
internal sealed class SqliteMaintenance(
    StoreLock storeLock,
    IOptions<WebhookOptions> webhooks,
    IOptions<SignatureOptions> signatures,
    IOptions<ServerFunctionOptions> serverFunctions) : IStoreMaintenance
{
    private const string KeysTable = "PasteBackupKeys";
    private const string SigningKeyName = "webhook.key";
    private const string BoxKeyName = "box.key";
    private const string KeyRingPrefix = "keys/";

    private string Database => storeLock.DatabasePath;

    public async Task<StoreSummary> BackupAsync(string destination, CancellationToken cancellationToken)
    {
        RequireFile(Database, "no database");
        var target = Path.GetFullPath(destination);
        if (!Directory.Exists(Path.GetDirectoryName(target)))
        {
            throw new InvalidOperationException($"no directory {Path.GetDirectoryName(target)} to write the backup in");
        }

        storeLock.HoldShared();
        var partial = target + ".partial";
        try
        {
            // Created readable by its owner only before anything goes in: it will hold keys.
            OwnerOnlyFiles.CreateEmpty(partial);
            using (var copy = Open(partial))
            {
                using (var source = Open(Database))
                {
                    // One step: SQLite copies every page under a single read transaction, a snapshot of what was
                    // committed when it began, while the service goes on writing to its WAL.
                    source.BackupDatabase(copy);
                }

                // A single self-contained file: no WAL beside it.
                Execute(copy, $"PRAGMA journal_mode = DELETE; CREATE TABLE \"{KeysTable}\" (\"Name\" TEXT PRIMARY KEY, \"Content\" BLOB NOT NULL);");
                foreach (var (name, path) in KeyFiles())
                {
                    using var insert = copy.CreateCommand();
                    insert.CommandText = $"INSERT INTO \"{KeysTable}\" (\"Name\", \"Content\") VALUES ($name, $content)";
                    insert.Parameters.AddWithValue("$name", name);
                    insert.Parameters.AddWithValue("$content", await File.ReadAllBytesAsync(path, cancellationToken));
                    insert.ExecuteNonQuery();
                }
            }

            // Renamed into place last, so that FILE is either the complete new backup or the one it was before.
            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        return Summarize(target);
    }

    public async Task<StoreSummary> RestoreAsync(string source, bool replace, CancellationToken cancellationToken)
    {
        if (!replace && File.Exists(Database) && new FileInfo(Database).Length > 0)
        {
            throw new InvalidOperationException("a database already exists here; restore into a new data directory, or pass --replace to overwrite it");
        }

        var backup = Path.GetFullPath(source);
        RequireFile(backup, "no backup");
        if (IntegrityProblem(backup, readOnly: true) is { } problem)
        {
            throw new InvalidOperationException($"{backup} cannot be restored: {problem}");
        }

        using (var read = Open(backup, readOnly: true))
        {
            if (!HasTable(read, KeysTable) || !HasTable(read, "Pastes"))
            {
                throw new InvalidOperationException($"{backup} is not a file written by the backup command");
            }
        }

        storeLock.HoldExclusive();
        var restoring = Database + ".restoring";
        try
        {
            File.Copy(backup, restoring, overwrite: true);
            OwnerOnlyFiles.Restrict(restoring);
            using (var copy = Open(restoring))
            {
                await RestoreKeysAsync(copy, cancellationToken);
                Execute(copy, $"DROP TABLE \"{KeysTable}\";");
            }

            // A WAL left by the database being replaced would be replayed into the restored one: it goes first.
            File.Delete(Database + "-wal");
            File.Delete(Database + "-shm");
            File.Move(restoring, Database, overwrite: true);
        }
        finally
        {
            // Whatever failed on the way, no half-restored copy is left behind (after the move there is none).
            File.Delete(restoring);
        }

        return Summarize(Database);
    }

    public Task<StoreCheck> CheckAsync(CancellationToken cancellationToken)
    {
        RequireFile(Database, "no database");
        storeLock.HoldShared();
        var problem = IntegrityProblem(Database);
        return Task.FromResult(new StoreCheck(problem is null ? Summarize(Database) : new StoreSummary(Database, 0, SizeOnDisk(Database)), problem));
    }

    /// <summary>What SQLite's integrity and foreign-key checks find wrong with the file, or null when they pass.</summary>
    private static string? IntegrityProblem(string path, bool readOnly = false)
    {
        try
        {
            using var connection = Open(path, readOnly);
            var integrity = Scalar(connection, "PRAGMA integrity_check;") as string;
            if (integrity is not "ok")
            {
                // SQLite's report spans lines; an operator's monitoring reads one.
                return "integrity check failed: " + string.Join("; ", (integrity ?? "no result").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }

            using var foreignKeys = connection.CreateCommand();
            foreignKeys.CommandText = "PRAGMA foreign_key_check;";
            using var violation = foreignKeys.ExecuteReader();
            return violation.Read() ? $"foreign key check failed in table {violation.GetString(0)}" : null;
        }
        catch (SqliteException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>The key files that exist, by the name they have inside a backup.</summary>
    private IEnumerable<(string Name, string Path)> KeyFiles()
    {
        var signingKey = Path.GetFullPath(webhooks.Value.SigningKeyPath);
        if (File.Exists(signingKey))
        {
            yield return (SigningKeyName, signingKey);
        }

        var boxKey = Path.GetFullPath(serverFunctions.Value.BoxKeyPath);
        if (File.Exists(boxKey))
        {
            yield return (BoxKeyName, boxKey);
        }

        var keyRing = Path.GetFullPath(signatures.Value.KeyRingPath);
        if (Directory.Exists(keyRing))
        {
            foreach (var file in Directory.EnumerateFiles(keyRing, "*.xml"))
            {
                yield return (KeyRingPrefix + Path.GetFileName(file), file);
            }
        }
    }

    private async Task RestoreKeysAsync(SqliteConnection copy, CancellationToken cancellationToken)
    {
        using var select = copy.CreateCommand();
        select.CommandText = $"SELECT \"Name\", \"Content\" FROM \"{KeysTable}\"";
        using var keys = select.ExecuteReader();
        while (keys.Read())
        {
            var name = keys.GetString(0);
            var target = name == SigningKeyName ? Path.GetFullPath(webhooks.Value.SigningKeyPath)
                : name == BoxKeyName ? Path.GetFullPath(serverFunctions.Value.BoxKeyPath)
                : name.StartsWith(KeyRingPrefix, StringComparison.Ordinal) && Path.GetFileName(name) == name[KeyRingPrefix.Length..]
                    ? Path.Combine(Path.GetFullPath(signatures.Value.KeyRingPath), name[KeyRingPrefix.Length..])
                    : throw new InvalidOperationException($"the backup holds an unknown key file '{name}'");
            OwnerOnlyFiles.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllBytesAsync(target, (byte[])keys.GetValue(1), cancellationToken);
            OwnerOnlyFiles.Restrict(target);
        }
    }

    private static StoreSummary Summarize(string path)
    {
        using var connection = Open(path);
        return new StoreSummary(path, (long)Scalar(connection, "SELECT COUNT(*) FROM \"Pastes\";")!, SizeOnDisk(path));
    }

    /// <summary>The file and the WAL beside it, where the latest writes live until they are checkpointed.</summary>
    private static long SizeOnDisk(string path) =>
        new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);

    /// <summary>
    /// A connection of its own, not pooled: files are renamed and replaced once it is closed. Read-only for a file that
    /// is only looked at, so that nothing (not even a WAL) is created beside it.
    /// </summary>
    private static SqliteConnection Open(string path, bool readOnly = false)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 5000;");
        return connection;
    }

    private static bool HasTable(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return (long)command.ExecuteScalar()! > 0;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{what} at {path}");
        }
    }
}
