using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Common;
using Paste.Application.Pastes;

namespace Paste.Application.Tests.Pastes;

public sealed class PurgeExpiredPastesHandlerTests
{
    private static readonly DateTimeOffset Now = new(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private Mock<IPasteRepository> repository = null!;
    private List<(DateTimeOffset Cutoff, int BatchSize)> calls = null!;
    private List<DateTimeOffset> deadlinesPassedAt = null!;
    private List<(DateTimeOffset Cutoff, int BatchSize)> keyCalls = null!;

    [SetUp]
    public void SetUp()
    {
        repository = new Mock<IPasteRepository>();
        calls = [];
        deadlinesPassedAt = [];
        keyCalls = [];
    }

    [Test]
    public async Task Deletes_pastes_not_read_since_now_minus_the_expiry()
    {
        SetUpBatches(0);

        await Handler(TimeSpan.FromDays(5)).Handle(new PurgeExpiredPastesCommand(), CancellationToken.None);

        Assert.That(calls, Is.EqualTo(new[] { (Now - TimeSpan.FromDays(5), PurgeExpiredPastesCommand.DefaultBatchSize) }));
    }

    [Test]
    public async Task Follows_a_configured_expiry()
    {
        SetUpBatches(0);

        await Handler(TimeSpan.FromHours(2)).Handle(new PurgeExpiredPastesCommand(), CancellationToken.None);

        Assert.That(calls.Single().Cutoff, Is.EqualTo(Now - TimeSpan.FromHours(2)));
    }

    [Test]
    public async Task Keeps_deleting_while_full_batches_come_back_and_returns_the_total()
    {
        SetUpBatches(3, 3, 1, 99);

        var total = await Handler(TimeSpan.FromDays(5)).Handle(new PurgeExpiredPastesCommand(BatchSize: 3), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(total, Is.EqualTo(7));
            Assert.That(calls, Has.Count.EqualTo(3));
            Assert.That(calls.Select(c => c.BatchSize), Is.All.EqualTo(3));
            Assert.That(calls.Select(c => c.Cutoff), Is.All.EqualTo(Now - TimeSpan.FromDays(5)));
        }
    }

    [Test]
    public async Task Stops_after_a_short_batch()
    {
        SetUpBatches(2, 99);

        var total = await Handler(TimeSpan.FromDays(5)).Handle(new PurgeExpiredPastesCommand(BatchSize: 3), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(total, Is.EqualTo(2));
            Assert.That(calls, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task Does_one_more_round_after_an_exactly_full_batch_and_stops_on_zero()
    {
        SetUpBatches(3, 0, 99);

        var total = await Handler(TimeSpan.FromDays(5)).Handle(new PurgeExpiredPastesCommand(BatchSize: 3), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(total, Is.EqualTo(3));
            Assert.That(calls, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public async Task Deletes_pastes_past_their_own_deadline_or_out_of_reads_as_of_now()
    {
        SetUpBatches(0);

        await Handler(TimeSpan.FromDays(5)).Handle(new PurgeExpiredPastesCommand(), CancellationToken.None);

        Assert.That(deadlinesPassedAt, Is.EqualTo(new[] { Now }));
    }

    [Test]
    public async Task Also_forgets_idempotency_keys_taken_more_than_a_day_ago()
    {
        SetUpBatches(0);
        SetUpKeyBatches(0);

        await Handler(TimeSpan.FromDays(5)).Handle(new PurgeExpiredPastesCommand(), CancellationToken.None);

        Assert.That(keyCalls, Is.EqualTo(new[] { (Now - TimeSpan.FromHours(24), PurgeExpiredPastesCommand.DefaultBatchSize) }));
    }

    [Test]
    public async Task Forgets_idempotency_keys_in_batches_and_counts_only_pastes_in_its_total()
    {
        SetUpBatches(1);
        SetUpKeyBatches(3, 3, 2, 99);

        var total = await Handler(TimeSpan.FromDays(5)).Handle(new PurgeExpiredPastesCommand(BatchSize: 3), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(total, Is.EqualTo(1));
            Assert.That(keyCalls, Has.Count.EqualTo(3));
        }
    }

    private void SetUpKeyBatches(params int[] forgottenPerCall)
    {
        var next = 0;
        repository
            .Setup(r => r.DeleteIdempotencyKeysBeforeAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Callback((DateTimeOffset cutoff, int batchSize, CancellationToken _) => keyCalls.Add((cutoff, batchSize)))
            .ReturnsAsync(() => forgottenPerCall[next++]);
    }

    private void SetUpBatches(params int[] deletedPerCall)
    {
        var next = 0;
        repository
            .Setup(r => r.DeleteExpiredAsync(It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Callback((DateTimeOffset cutoff, DateTimeOffset now, int batchSize, CancellationToken _) =>
            {
                calls.Add((cutoff, batchSize));
                deadlinesPassedAt.Add(now);
            })
            .ReturnsAsync(() => deletedPerCall[next++]);
    }

    private PurgeExpiredPastesHandler Handler(TimeSpan expiry) =>
        new(repository.Object, new FakeTimeProvider(Now), StoredPastes.Options(expiry), new PasteMetrics());
}
