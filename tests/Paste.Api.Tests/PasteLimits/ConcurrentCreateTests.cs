using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.PasteLimits;

/// <summary>
/// Creates racing each other through a real Kestrel, so that they truly run side by side: an owner's quota is never
/// passed, and retries of one create with one idempotency key make one paste.
/// </summary>
public sealed class ConcurrentCreateTests(StorageProvider provider) : StoreFixture(provider)
{
    private PasteApiFactory factory = null!;
    private HttpClient client = null!;

    [SetUp]
    public void StartApplication()
    {
        factory = new PasteApiFactory(new Dictionary<string, string?> { ["Paste:Quotas:MaxPastesPerOwner"] = "3" }, useKestrel: true, provider: Provider);
        client = factory.CreatePasteClient();
    }

    [TearDown]
    public async Task StopApplication()
    {
        client.Dispose();
        await factory.DisposeAsync();
    }

    [Test]
    public async Task Of_ten_creates_at_once_by_an_owner_allowed_three_pastes_exactly_three_succeed()
    {
        var answers = await SendAllAtOnceAsync(10, i => LimitedPasteApi.Create(CreateForm.Headers, $"paste {i}", fingerprint: Fingerprints.Alice));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers.Count(a => a.Status == HttpStatusCode.Created), Is.EqualTo(3));
            Assert.That(answers.Count(a => a.Status == HttpStatusCode.Forbidden), Is.EqualTo(7), string.Join("\n", answers.Select(a => a.Body)));
            Assert.That(await factory.Database.CountAllAsync("Pastes"), Is.EqualTo(3));
        }
    }

    [Test]
    public async Task Eight_retries_at_once_with_one_key_make_one_paste_and_all_get_its_answer()
    {
        var answers = await SendAllAtOnceAsync(8, _ =>
        {
            // An identified caller: an anonymous replay leaves out the delete token, so only an owner's answers are identical.
            var request = LimitedPasteApi.Create(CreateForm.Json, "sent eight times by a nervous client", maxViews: 2, fingerprint: Fingerprints.Alice);
            request.Headers.Add(LimitedPasteApi.IdempotencyKeyHeader, "nervous-client-1");
            return request;
        });

        Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(HttpStatusCode.Created), string.Join("\n", answers.Select(a => a.Body)));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers.Select(a => a.Body).Distinct().Count(), Is.EqualTo(1), "the same id and delete token for all");
            Assert.That(answers.Count(a => a.Replayed is null), Is.EqualTo(1), "one answer is the create");
            Assert.That(answers.Count(a => a.Replayed == "true"), Is.EqualTo(7), "the others replay it");
            Assert.That(await factory.Database.CountAllAsync("Pastes"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Retries_at_once_with_one_key_by_an_owner_with_a_quota_make_one_paste()
    {
        var answers = await SendAllAtOnceAsync(8, _ =>
        {
            var request = LimitedPasteApi.Create(CreateForm.Headers, "one paste, sent eight times", fingerprint: Fingerprints.Bob);
            request.Headers.Add(LimitedPasteApi.IdempotencyKeyHeader, "bob-1");
            return request;
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(HttpStatusCode.Created), string.Join("\n", answers.Select(a => a.Body)));
            Assert.That(await factory.Database.CountAllAsync("Pastes"), Is.EqualTo(1));
        }
    }

    /// <summary>Sends every request before any answer is awaited; returns each answer's status, body and replay mark.</summary>
    private async Task<(HttpStatusCode Status, string Body, string? Replayed)[]> SendAllAtOnceAsync(int count, Func<int, HttpRequestMessage> request)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            using var message = request(i);
            await start.Task;
            using var response = await client.SendAsync(message);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), ResponseAssert.Header(response, LimitedPasteApi.ReplayedHeader));
        })).ToArray();

        start.SetResult();
        return await Task.WhenAll(sends);
    }
}
