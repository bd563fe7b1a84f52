using Microsoft.Extensions.DependencyInjection;
using Paste.Api.Tests.Support;
using Paste.Application.Clients;

namespace Paste.Api.Tests.Clients;

/// <summary>
/// The remembered signatures and nonces that have run out are deleted as fast as they pile up: a backlog larger than
/// one batch goes a batch per accepted request, not a batch per minute, so the table cannot outgrow the sweep.
/// </summary>
public sealed class ReplayTokenPruneTests(StorageProvider provider) : StoreFixture(provider)
{
    private const int Backlog = 2500;

    [Test]
    public async Task A_backlog_of_expired_tokens_is_gone_after_a_few_accepted_requests()
    {
        await using var factory = new PasteApiFactory(time: PasteApiFactory.NewFakeTime(), provider: Provider);
        using var client = factory.CreatePasteClient();
        await factory.Database.ExecuteAsync(
            factory.Database.IsPostgreSql
                ? $"""INSERT INTO "ReplayTokens" ("Token", "RememberUntil") SELECT 'old:' || i, 0 FROM generate_series(1, {Backlog}) AS i"""
                : $"""
                   WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Backlog})
                   INSERT INTO "ReplayTokens" ("Token", "RememberUntil") SELECT 'old:' || i, 0 FROM n
                   """);
        var guard = factory.Services.GetRequiredService<IReplayGuard>();
        var rememberUntil = factory.Time!.GetUtcNow().AddMinutes(5);

        // Batches of 1000: the third request takes the last 500, all within the same minute.
        foreach (var token in new byte[][] { [1], [2], [3] })
        {
            Assert.That(await guard.TryAcceptAsync("key", token, rememberUntil, CancellationToken.None), Is.True);
        }

        Assert.That(await factory.Database.CountAllAsync("ReplayTokens"), Is.EqualTo(3), "only the three tokens just accepted are left");
    }
}
