using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Paste.Application.Common;

namespace Paste.Infrastructure.Persistence;

/// <summary>
/// The one writer of this process. SQLite allows one writer at a time and every commit waits for an fsync, so
/// instead of one transaction per write, a dedicated thread takes every write waiting at that moment, runs each in
/// its own savepoint inside one transaction, commits once, and only then acknowledges each caller (group commit).
/// One write that fails is rolled back alone, and its caller told once the rest of the group is durable; a commit that
/// fails fails the whole group, and nothing is acknowledged.
/// busy_timeout remains the backstop for writers outside this process (the command line, a second instance).
/// </summary>
internal sealed class SqliteWriter : ITrackedWrites, IDisposable
{
    /// <summary>Bounds one transaction, so that a burst does not hold SQLite's write lock for long.</summary>
    private const int MaxGroupSize = 256;

    /// <summary>SQLITE_FULL: the disk is full, or the database has reached its page limit.</summary>
    private const int SqliteFull = 13;

    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnectionSetup setup;
    private readonly ILogger<SqliteWriter> logger;
    private readonly Thread thread;
    private SqliteConnection? connection;
    private volatile bool full;

    public SqliteWriter(SqliteConnectionSetup setup, ILogger<SqliteWriter> logger)
    {
        this.setup = setup;
        this.logger = logger;
        thread = new Thread(Run) { IsBackground = true, Name = "SQLite writer" };
        thread.Start();
    }

    /// <summary>
    /// Runs <paramref name="write"/> on the writer's connection, inside a transaction shared with other writes; the
    /// task completes once that transaction is durable. Commands must use the given transaction.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteTransaction, T> write, CancellationToken cancellationToken)
    {
        var pending = new GroupedWrite<T>(write, cancellationToken);
        Enqueue(pending);
        return pending.Task;
    }

    /// <summary>
    /// Runs a write that opens its own connection and transaction (EF Core's change tracking) alone, between groups,
    /// so that it never waits on SQLite's lock held by this writer.
    /// </summary>
    public Task<T> WriteAloneAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        var pending = new SoloWrite<T>(write, Translate, cancellationToken);
        Enqueue(pending);
        return pending.Task;
    }

    /// <summary>
    /// True from a write refused for lack of space (a full disk or database) until a group in which every write found
    /// room commits: the store still serves reads, but writes are refused.
    /// </summary>
    public bool IsFull => full;

    /// <summary>Finishes every write already queued, then stops: a shutdown loses nothing that was handed in.</summary>
    public void Dispose()
    {
        queue.Writer.TryComplete();
        thread.Join();
        connection?.Dispose();
    }

    private void Enqueue(PendingWrite pending)
    {
        if (!queue.Writer.TryWrite(pending))
        {
            // Only a request the shutdown deadline did not cut off can still get here: it is refused, not lost.
            pending.Fail(new ServiceStoppingException());
        }
    }

    private void Run()
    {
        var group = new List<PendingWrite>(MaxGroupSize);
        while (queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (group.Count < MaxGroupSize && queue.Reader.TryRead(out var pending))
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Cancel();
                }
                else if (pending is SoloWrite)
                {
                    Commit(group);
                    pending.RunAlone();
                }
                else
                {
                    group.Add(pending);
                }
            }

            Commit(group);
        }
    }

    private void Commit(List<PendingWrite> group)
    {
        if (group.Count == 0)
        {
            return;
        }

        try
        {
            connection ??= setup.Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            var refusals = new List<(PendingWrite Write, Exception Failure)>();
            var refusedForSpace = false;
            foreach (var pending in group)
            {
                transaction.Save("write");
                try
                {
                    pending.Run(transaction);
                    transaction.Release("write");
                }
                catch (Exception exception)
                {
                    // Whatever one write throws is that caller's failure; the writer and the rest of the group go on,
                    // unless SQLite has already rolled back the whole transaction itself (it may, on a full disk): then
                    // the group fails as one, below.
                    if (!TryRollBack(transaction))
                    {
                        throw;
                    }

                    var failure = Translate(exception);
                    refusedForSpace |= failure is StorageFullException;
                    refusals.Add((pending, failure));
                }
            }

            transaction.Commit();

            // Only a group in which every write found room shows that there is room again.
            if (!refusedForSpace)
            {
                full = false;
            }

            // A refusal is told only now: it may rest on an earlier write of this group (an idempotency key taken, a
            // quota filled), which its caller must then be able to read.
            foreach (var (write, failure) in refusals)
            {
                write.Fail(failure);
            }

            foreach (var pending in group)
            {
                pending.Acknowledge();
            }
        }
        catch (Exception exception)
        {
            // The thread must outlive any failure, or every later write would wait forever.
            logger.LogError(exception, "A group of {Count} writes could not be committed", group.Count);

            // The connection may be in any state after a failed commit: the next group starts on a fresh one.
            connection?.Dispose();
            connection = null;
            var failure = Translate(exception);
            foreach (var pending in group)
            {
                pending.Fail(failure);
            }
        }
        finally
        {
            group.Clear();
        }
    }

    private static bool TryRollBack(SqliteTransaction transaction)
    {
        try
        {
            transaction.Rollback("write");
            transaction.Release("write");
            return true;
        }
        catch (Exception exception) when (exception is InvalidOperationException or SqliteException)
        {
            return false;
        }
    }

    /// <summary>
    /// A write refused for lack of space becomes the use cases' <see cref="StorageFullException"/>, and marks the store
    /// full; anything else is passed on as it is.
    /// </summary>
    private Exception Translate(Exception exception)
    {
        if (exception is not SqliteException { SqliteErrorCode: SqliteFull } && exception.InnerException is not SqliteException { SqliteErrorCode: SqliteFull })
        {
            return exception;
        }

        full = true;
        return new StorageFullException(exception);
    }

    private abstract class PendingWrite(CancellationToken cancellationToken)
    {
        public CancellationToken CancellationToken { get; } = cancellationToken;

        public virtual void Run(SqliteTransaction transaction) => throw new NotSupportedException();

        public virtual void RunAlone() => throw new NotSupportedException();

        public abstract void Acknowledge();

        public abstract void Fail(Exception exception);

        public abstract void Cancel();
    }

    private abstract class PendingWrite<T>(CancellationToken cancellationToken) : PendingWrite(cancellationToken)
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;
        private bool failed;

        public Task<T> Task => completion.Task;

        protected void Succeed(T value) => result = value;

        public override void Acknowledge()
        {
            if (!failed)
            {
                completion.TrySetResult(result!);
            }
        }

        public override void Fail(Exception exception)
        {
            failed = true;
            completion.TrySetException(exception);
        }

        public override void Cancel() => completion.TrySetCanceled(CancellationToken);
    }

    private sealed class GroupedWrite<T>(Func<SqliteTransaction, T> write, CancellationToken cancellationToken) : PendingWrite<T>(cancellationToken)
    {
        public override void Run(SqliteTransaction transaction) => Succeed(write(transaction));
    }

    private abstract class SoloWrite(CancellationToken cancellationToken) : PendingWrite(cancellationToken);

    private sealed class SoloWrite<T>(Func<Task<T>> write, Func<Exception, Exception> translate, CancellationToken cancellationToken) : SoloWrite(cancellationToken)
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => completion.Task;

        public override void RunAlone()
        {
            try
            {
                // A thread of its own, with no synchronisation context: waiting here cannot deadlock.
                completion.TrySetResult(write().GetAwaiter().GetResult());
            }
            catch (Exception exception)
            {
                completion.TrySetException(translate(exception));
            }
        }

        public override void Acknowledge()
        {
        }

        public override void Fail(Exception exception) => completion.TrySetException(exception);

        public override void Cancel() => completion.TrySetCanceled(CancellationToken);
    }
}
