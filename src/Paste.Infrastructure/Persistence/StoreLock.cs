using Microsoft.Data.Sqlite;

namespace Paste.Infrastructure.Persistence;

/// <summary>
/// Who may use the database: the service and every operator command hold a shared lock on a file beside it for as long
/// as they run, and a restore holds it exclusively, so that a restore never replaces a database that something has
/// open and nothing opens one while it is being replaced. The operating system releases the lock with the process,
/// however that ends.
/// </summary>
public sealed class StoreLock(SqliteConnectionString connectionString) : IDisposable
{
    private readonly Lock gate = new();
    private FileStream? held;

    /// <summary>The database file, as an absolute path.</summary>
    public string DatabasePath { get; } = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString.Value).DataSource);

    /// <summary>Takes the shared lock, unless this process holds a lock already; refused while a restore runs.</summary>
    public void HoldShared() => Hold(FileAccess.Read, FileShare.ReadWrite, "a restore of this database is in progress");

    /// <summary>Takes the lock for this process alone; refused while the service or another command uses the database.</summary>
    public void HoldExclusive() =>
        Hold(FileAccess.ReadWrite, FileShare.None, "the database is in use by the service or another command; stop the service first");

    /// <summary>
    /// Waits until this process alone may migrate the database: one migration at a time, whichever processes start
    /// together. Dispose the result to let the next one in.
    /// </summary>
    public async Task<IDisposable> TakeMigrationLockAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        while (true)
        {
            try
            {
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
        }
    }

    /// <summary>
    /// On Linux and macOS, .NET turns FileShare.None into an exclusive flock() and any other sharing of a file opened
    /// for reading into a shared one, taken without waiting: a conflict is an immediate IOException.
    /// </summary>
    private void Hold(FileAccess access, FileShare share, string refusal)
    {
        lock (gate)
        {
            if (held is not null)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
            try
            {
                held = new FileStream(DatabasePath + ".lock", FileMode.OpenOrCreate, access, share);
            }
            catch (IOException exception) when (exception is not FileNotFoundException and not DirectoryNotFoundException)
            {
                throw new InvalidOperationException($"{DatabasePath}: {refusal}.", exception);
            }
        }
    }
}
