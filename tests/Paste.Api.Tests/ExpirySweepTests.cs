using System.Diagnostics;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Paste.Api.Tests.Support;
using Paste.Application.Common;
using Paste.Application.Pastes;
using Paste.Domain.Webhooks;
using PasteEntity = Paste.Domain.Pastes.Paste;

namespace Paste.Api.Tests;

/// <summary>
/// The background sweep deletes expired pastes' rows. It runs on the application's (fake) clock, but on its own
/// thread, so the tests poll the database with a real-time timeout.
/// </summary>
public sealed class ExpirySweepTests(StorageProvider provider) : StoreFixture(provider)
{
    private static readonly TimeSpan Expiry = TimeSpan.FromHours(1);
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(15);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Paste:Expiry"] = "01:00:00",
        ["Paste:CleanupInterval"] = "00:10:00",
    };

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (stopwatch.Elapsed > PollTimeout)
            {
                Assert.Fail($"Timed out after {PollTimeout.TotalSeconds} s waiting until {what}");
            }

            await Task.Delay(50);
        }
    }

    [Test]
    public async Task The_sweep_deletes_the_rows_of_expired_pastes_and_keeps_live_ones()
    {
        await using var factory = new PasteApiFactory(Settings, time: PasteApiFactory.NewFakeTime(), provider: Provider);
        using var client = factory.CreatePasteClient();
        var forgotten = await client.CreatePasteAsync("forgotten");
        var popular = await client.CreatePasteAsync("popular");

        factory.Time!.Advance(TimeSpan.FromMinutes(50));
        _ = await client.GetRawBytesAsync(popular.Id);
        Assert.That(await factory.Database.RowsForAsync(forgotten.Id), Is.EqualTo((1L, 1L)), "nothing is deleted before it expires");

        factory.Time.Advance(TimeSpan.FromMinutes(20) + CleanupInterval);

        await WaitUntilAsync(async () => await factory.Database.RowsForAsync(forgotten.Id) == (0L, 0L), "the expired paste's rows are deleted");
        Assert.That(await factory.Database.RowsForAsync(popular.Id), Is.EqualTo((1L, 1L)), "a paste read 30 minutes ago is kept");
        Assert.That(await client.GetRawBytesAsync(popular.Id), Is.EqualTo(TestData.Utf8("popular")));
    }

    [Test]
    public async Task A_sweep_that_throws_does_not_stop_the_service_or_the_sweeps_after_it()
    {
        await using var factory = new PasteApiFactory(Settings, time: PasteApiFactory.NewFakeTime(), provider: Provider);
        await using var failingFirstSweep = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            // The real repository, except that the first sweep throws what no database error handler would expect.
            var real = services.Single(d => d.ServiceType == typeof(IPasteRepository));
            services.Remove(real);
            services.AddSingleton<SweepFailure>();
            services.AddScoped<IPasteRepository>(provider => new FailingOnceRepository(
                (IPasteRepository)ActivatorUtilities.CreateInstance(provider, real.ImplementationType!),
                provider.GetRequiredService<SweepFailure>()));
        }));
        using var client = failingFirstSweep.CreateClient();
        var paste = await client.CreatePasteAsync("outlives a failed sweep, not its expiry");
        Assert.That(failingFirstSweep.Services.GetRequiredService<SweepFailure>().Thrown, Is.True, "the start-up sweep threw");

        factory.Time!.Advance(Expiry + CleanupInterval);

        await WaitUntilAsync(async () => await factory.Database.RowsForAsync(paste.Id) == (0L, 0L), "a later sweep deletes the expired paste");
        Assert.That(await client.StatusOfAsync("/health"), Is.EqualTo(System.Net.HttpStatusCode.OK));
    }

    /// <summary>Makes the first sweep of a test fail with an exception that is not a database error.</summary>
    private sealed class SweepFailure
    {
        public bool Thrown { get; private set; }

        public void ThrowOnce()
        {
            if (!Thrown)
            {
                Thrown = true;
                throw new InvalidOperationException("a sweep fails in a way nobody planned for");
            }
        }
    }

    /// <summary>Passes every call to the real repository; the first sweep call fails instead.</summary>
    private sealed class FailingOnceRepository(IPasteRepository inner, SweepFailure failure) : IPasteRepository
    {
        public Task<int> DeleteExpiredAsync(DateTimeOffset notAccessedSince, DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
        {
            failure.ThrowOnce();
            return inner.DeleteExpiredAsync(notAccessedSince, now, batchSize, cancellationToken);
        }

        public Task AddAsync(
            PasteEntity paste, Stream content, IReadOnlyCollection<WebhookDelivery> announcements, PasteAdmission admission, CancellationToken cancellationToken) =>
            inner.AddAsync(paste, content, announcements, admission, cancellationToken);

        public Task<IdempotentCreate?> FindIdempotentCreateAsync(string scope, string key, DateTimeOffset since, CancellationToken cancellationToken) =>
            inner.FindIdempotentCreateAsync(scope, key, since, cancellationToken);

        public Task<int?> TakeViewAsync(string id, CancellationToken cancellationToken) => inner.TakeViewAsync(id, cancellationToken);

        public Task<OwnerUsage> GetOwnerUsageAsync(string owner, DateTimeOffset now, TimeSpan expiry, CancellationToken cancellationToken) =>
            inner.GetOwnerUsageAsync(owner, now, expiry, cancellationToken);

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);

        public Task<int> DeleteIdempotencyKeysBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
            inner.DeleteIdempotencyKeysBeforeAsync(cutoff, batchSize, cancellationToken);

        public Task<IReadOnlyList<PasteEntity>> ListOwnedAsync(
            string owner, DateTimeOffset now, TimeSpan expiry, PasteCursor? after, int limit, CancellationToken cancellationToken) =>
            inner.ListOwnedAsync(owner, now, expiry, after, limit, cancellationToken);

        public Task<PasteEntity?> FindAsync(string id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

        public Task<OpenedPaste?> OpenAsync(string id, CancellationToken cancellationToken) => inner.OpenAsync(id, cancellationToken);

        public Task RecordAccessAsync(string id, DateTimeOffset accessedAt, CancellationToken cancellationToken) =>
            inner.RecordAccessAsync(id, accessedAt, cancellationToken);

        public Task<bool> DeleteOwnedAsync(string id, string owner, CancellationToken cancellationToken) =>
            inner.DeleteOwnedAsync(id, owner, cancellationToken);

        public Task<StoredTotals> GetTotalsAsync(CancellationToken cancellationToken) => inner.GetTotalsAsync(cancellationToken);
    }

    [Test]
    public async Task The_sweep_runs_at_start_up()
    {
        using var database = new TestDatabase(Provider);
        var clock = PasteApiFactory.NewFakeTime();
        NewPaste paste;
        await using (var before = new PasteApiFactory(Settings, database, clock))
        {
            using var client = before.CreatePasteClient();
            paste = await client.CreatePasteAsync("expires while the service is down");
        }

        clock.Advance(Expiry * 2);
        await using var after = new PasteApiFactory(Settings, database, clock);
        after.StartServer();

        await WaitUntilAsync(async () => await database.RowsForAsync(paste.Id) == (0L, 0L), "the start-up sweep deletes the paste");
    }

    [Test]
    public async Task The_sweep_deletes_more_expired_pastes_than_fit_in_one_batch()
    {
        const int expired = 1234;
        using var database = new TestDatabase(Provider);
        var clock = PasteApiFactory.NewFakeTime();
        NewPaste live;
        await using (var setup = new PasteApiFactory(Settings, database, clock))
        {
            using var client = setup.CreatePasteClient();
            live = await client.CreatePasteAsync("live");
        }

        // Expired rows written while the service is stopped, so that no sweep races the insert.
        await InsertExpiredPastesAsync(database, expired, PasteApiFactory.FakeStart - (Expiry * 3));
        Assert.That(await database.CountAllAsync("Pastes"), Is.EqualTo(expired + 1));

        await using var factory = new PasteApiFactory(Settings, database, clock);
        factory.StartServer();

        await WaitUntilAsync(async () => await database.CountAllAsync("Pastes") == 1, "every expired paste is deleted");
        Assert.That(await database.CountContentRowsAsync(), Is.EqualTo(1));
        Assert.That(await database.RowsForAsync(live.Id), Is.EqualTo((1L, 1L)));
    }

    /// <summary>Rows as the application's migrations define them (content: one row in SQLite, one chunk in PostgreSQL); times are unix milliseconds.</summary>
    private static async Task InsertExpiredPastesAsync(TestDatabase database, int count, DateTimeOffset lastAccess)
    {
        var insertContent = database.IsPostgreSql
            ? "INSERT INTO \"PasteChunks\" (\"PasteId\", \"Index\", \"Data\") VALUES (@id, 0, @data);"
            : "INSERT INTO \"PasteContents\" (\"PasteId\", \"Data\") VALUES (@id, @data);";
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = TestDatabase.Command(
            connection,
            "INSERT INTO \"Pastes\" (\"Id\", \"MimeType\", \"Size\", \"CreatedAt\", \"LastAccessedAt\", \"Owner\") VALUES (@id, 'text/plain', 1, @at, @at, NULL);" + insertContent,
            ("id", ""),
            ("at", lastAccess.ToUnixTimeMilliseconds()),
            ("data", "A"u8.ToArray()));
        command.Transaction = transaction;
        for (var i = 0; i < count; i++)
        {
            command.Parameters["@id"].Value = $"expired{i:D9}";
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
