using Microsoft.Data.Sqlite;

namespace Paste.Infrastructure.Persistence;

/// <summary>
/// Who may use the database: the service and every operator command hold a shared lock on a file beside it for as long
/// as they run, and a restore holds it exclusively, so that a restore never replaces a database that something has
/// open and nothing opens one while it is being replaced. The service also holds a second file's lock exclusively,
/// which commands do not take: one service process per database, with the operator's commands beside it. The
/// operating system releases the locks with the process, however that ends.
/// </summary>
public sealed class StoreLock(SqliteConnectionString connectionString) : IDisposable
{
    private readonly Lock gate = new();
    private FileStream? held;
    private FileStream? served;

    /// <summary>The database file, as an absolute path.</summary>
    public string DatabasePath { get; } = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString.Value).DataSource);

    /// <summary>Takes the shared lock, unless this process holds a lock already; refused while a restore runs.</summary>
    public void HoldShared() => Hold(FileAccess.Read, FileShare.ReadWrite, "a restore of this database is in progress");

    /// <summary>Takes the lock for this process alone; refused while the service or another command uses the database.</summary>
    public void HoldExclusive() =>
        Hold(FileAccess.ReadWrite, FileShare.None, "the database is in use by the service or another command; stop the service first");

    /// <summary>
    /// Claims the database for this process's service, taken before anything else is done to it: refused while another
    /// service process serves it, whatever the commands do. Its replay guard, its write queue and the outbox's leases
    /// assume a single service process.
    /// </summary>
    public void HoldAsService()
    {
        lock (gate)
        {
            if (served is not null)
            {
                return;
            }

            served = Open(DatabasePath + ".service.lock", FileAccess.ReadWrite, FileShare.None, "another service process is serving this database");
        }
    }

    /// <summary>
    /// Waits until this process alone may migrate the database: one migration at a time, whichever processes start
    /// together. Dispose the result to let the next one in.
    /// </summary>
    public async Task<IDisposable> TakeMigrationLockAsync(CancellationToken cancellationToken)
    {
        OwnerOnlyFiles.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        while (true)
        {
            try
            {
                OwnerOnlyFiles.CreateIfMissing(DatabasePath + ".migrate.lock");
                return new FileStream(DatabasePath + ".migrate.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException exception) when (exception is not FileNotFoundException and not DirectoryNotFoundException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            held?.Dispose();
            held = null;
            served?.Dispose();
            served = null;
        }
    }

    private void Hold(FileAccess access, FileShare share, string refusal)
    {
        lock (gate)
        {
            if (held is not null)
            {
                return;
            }

            held = Open(DatabasePath + ".lock", access, share, refusal);
        }
    }

    /// <summary>
    /// On Linux and macOS, .NET turns FileShare.None into an exclusive flock() and any other sharing of a file opened
    /// for reading into a shared one, taken without waiting: a conflict is an immediate IOException.
    /// </summary>
    private FileStream Open(string path, FileAccess access, FileShare share, string refusal)
    {
        OwnerOnlyFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            OwnerOnlyFiles.CreateIfMissing(path);
            return new FileStream(path, FileMode.OpenOrCreate, access, share);
        }
        catch (IOException exception) when (exception is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new InvalidOperationException($"{DatabasePath}: {refusal}.", exception);
        }
    }
}
