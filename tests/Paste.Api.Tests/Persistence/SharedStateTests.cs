using Microsoft.Extensions.DependencyInjection;
using Paste.Application.Common;

namespace Paste.Api.Tests.Persistence;

/// <summary>
/// The state every instance shares on PostgreSQL, through the services the application resolves: concurrent callers
/// (as from several instances) can never pass a limit together, and a client address is new to exactly one of them.
/// On SQLite one process counts in its own memory and these services do not exist, which the last test holds.
/// </summary>
public sealed class SharedStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 30, TimeSpan.Zero);

    private PasteApiFactory factory = null!;
    private ISharedRateWindows windows = null!;
    private IClientAddressLog addresses = null!;

    [SetUp]
    public void StartApplication()
    {
        factory = new PasteApiFactory(provider: StorageProvider.PostgreSql);
        windows = factory.Services.GetRequiredService<ISharedRateWindows>();
        addresses = factory.Services.GetRequiredService<IClientAddressLog>();
    }

    [TearDown]
    public async Task StopApplication() => await factory.DisposeAsync();

    [Test]
    public async Task Concurrent_requests_for_one_window_are_admitted_exactly_as_many_times_as_it_allows()
    {
        RateWindowLimit[] limit = [new(5, TimeSpan.FromMinutes(1))];

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => windows.TryTakeAsync("ip:203.0.113.7", limit, Now, CancellationToken.None).AsTask()));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes.Count(refusal => refusal is null), Is.EqualTo(5));
            Assert.That(outcomes.Where(refusal => refusal is not null).Select(refusal => refusal!.RetryAfter).Distinct(), Is.EqualTo(new[] { TimeSpan.FromSeconds(30) }), "until the minute ends");
            Assert.That(await windows.RemainingAsync("ip:203.0.113.7", limit, Now, CancellationToken.None), Is.EqualTo(new long[] { 0 }));
        }
    }

    [Test]
    public async Task A_refusal_by_the_longer_window_costs_the_shorter_window_nothing_and_a_new_window_starts_afresh()
    {
        RateWindowLimit[] limits = [new(3, TimeSpan.FromMinutes(1)), new(2, TimeSpan.FromHours(1))];
        const string key = "create:owner:alice";

        var first = await windows.TryTakeAsync(key, limits, Now, CancellationToken.None);
        var second = await windows.TryTakeAsync(key, limits, Now, CancellationToken.None);
        var third = await windows.TryTakeAsync(key, limits, Now, CancellationToken.None);
        var left = await windows.RemainingAsync(key, limits, Now, CancellationToken.None);
        var nextMinute = await windows.RemainingAsync(key, limits, Now.AddMinutes(1), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { first, second }, Is.All.Null);
            Assert.That(third, Is.EqualTo(new RateWindowRefusal(1, TimeSpan.FromMinutes(59.5))), "the hour refused, until it ends");
            Assert.That(left, Is.EqualTo(new long[] { 1, 0 }), "the minute kept the permit the hour refused");
            Assert.That(nextMinute, Is.EqualTo(new long[] { 3, 0 }), "a new minute, the same hour");
        }
    }

    [Test]
    public async Task A_client_address_is_new_to_exactly_one_concurrent_caller_once_per_window()
    {
        var window = TimeSpan.FromHours(1);

        var marks = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => addresses.TryMarkNewAsync("198.51.100.4", Now, window, CancellationToken.None).AsTask()));
        var withinWindow = await addresses.TryMarkNewAsync("198.51.100.4", Now.AddMinutes(59), window, CancellationToken.None);
        var afterWindow = await addresses.TryMarkNewAsync("198.51.100.4", Now.AddHours(1), window, CancellationToken.None);
        var another = await addresses.TryMarkNewAsync("198.51.100.5", Now, window, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(marks.Count(isNew => isNew), Is.EqualTo(1));
            Assert.That(withinWindow, Is.False);
            Assert.That(afterWindow, Is.True);
            Assert.That(another, Is.True);
        }
    }

    [Test]
    public async Task On_SQLite_nothing_is_shared_through_the_store()
    {
        await using var sqlite = new PasteApiFactory(provider: StorageProvider.Sqlite);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sqlite.Services.GetService<ISharedRateWindows>(), Is.Null);
            Assert.That(sqlite.Services.GetService<IClientAddressLog>(), Is.Null);
        }
    }
}
