using System.Net;
using Microsoft.Extensions.Time.Testing;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.PasteLimits;

/// <summary>
/// <c>Idempotency-Key</c>: a create retried with the same key and the same request, by the same caller, within 24 hours
/// gets the first answer again, marked <c>Idempotent-Replayed: true</c>, and no second paste; an anonymous caller's
/// replay leaves the delete token out.
/// </summary>
public sealed class IdempotencyTests(StorageProvider provider) : ApiFixture(provider)
{
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(10);

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:Expiry"] = "5.00:00:00",
        ["Paste:CleanupInterval"] = "00:10:00",
    };

    private FakeTimeProvider Time => Factory.Time!;

    protected override PasteApiFactory CreateFactory() => new(Settings, time: PasteApiFactory.NewFakeTime(), provider: Provider);

    [Test]
    public async Task A_retry_with_the_same_key_and_body_gets_the_first_answer_and_no_second_paste([Values] CreateForm form)
    {
        var key = NewKey();
        var fingerprint = LimitedPasteApi.NewFingerprint();
        var before = await Factory.Database.CountAllAsync("Pastes");

        using var first = await Client.SendAsync(WithKey(LimitedPasteApi.Create(form, "exactly once", maxViews: 2, fingerprint: fingerprint), key));
        using var retry = await Client.SendAsync(WithKey(LimitedPasteApi.Create(form, "exactly once", maxViews: 2, fingerprint: fingerprint), key));

        var firstBody = await ResponseAssert.JsonAsync(first, HttpStatusCode.Created);
        var retryBody = await ResponseAssert.JsonAsync(retry, HttpStatusCode.Created);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(retryBody.ToString(), Is.EqualTo(firstBody.ToString()), "the same id, times and delete token");
            Assert.That(retry.Headers.Location, Is.EqualTo(first.Headers.Location));
            Assert.That(ResponseAssert.Header(first, LimitedPasteApi.ReplayedHeader), Is.Null);
            Assert.That(ResponseAssert.Header(retry, LimitedPasteApi.ReplayedHeader), Is.EqualTo("true"));
            Assert.That(await Factory.Database.CountAllAsync("Pastes"), Is.EqualTo(before + 1));
        }
    }

    [Test]
    public async Task An_identified_callers_replayed_answer_still_holds_the_delete_token_that_works()
    {
        var key = NewKey();
        var fingerprint = LimitedPasteApi.NewFingerprint();
        (await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "delete me later", fingerprint: fingerprint), key))).Dispose();

        var replayed = await PasteApi.ReadCreatedAsync(
            await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "delete me later", fingerprint: fingerprint), key)));

        // Sent without the identity: the token alone deletes.
        using var delete = await Client.DeleteWithTokenAsync(replayed.Id, replayed.Body.GetProperty("delete_token").GetString()!);
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task An_anonymous_replay_answers_without_the_delete_token_which_still_works_for_the_first_caller([Values] CreateForm form)
    {
        // Anyone else behind the same address who knows (or guesses) the key and the content sends the same request.
        var key = NewKey();
        using var first = await Client.SendAsync(WithKey(LimitedPasteApi.Create(form, "a build log with a guessable key"), key));
        using var replay = await Client.SendAsync(WithKey(LimitedPasteApi.Create(form, "a build log with a guessable key"), key));

        var firstBody = await ResponseAssert.JsonAsync(first, HttpStatusCode.Created);
        var replayBody = await ResponseAssert.JsonAsync(replay, HttpStatusCode.Created);
        var token = firstBody.GetProperty("delete_token").GetString()!;
        var id = replay.Headers.Location!.AbsolutePath.TrimStart('/');
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ResponseAssert.Header(replay, LimitedPasteApi.ReplayedHeader), Is.EqualTo("true"));
            Assert.That(replay.Headers.Location, Is.EqualTo(first.Headers.Location), "the same paste");
            Assert.That(replayBody.TryGetProperty("delete_token", out _), Is.False);
            Assert.That(
                replayBody.EnumerateObject().Select(member => (member.Name, member.Value.ToString())),
                Is.EqualTo(firstBody.EnumerateObject().Where(member => member.Name != "delete_token").Select(member => (member.Name, member.Value.ToString()))),
                "everything else is the first answer");
        }

        using var delete = await Client.DeleteWithTokenAsync(id, token);
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the first caller's token deletes");
    }

    [Test]
    public async Task The_same_key_with_another_body_is_refused_with_422()
    {
        var key = NewKey();
        (await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "the first request"), key))).Dispose();
        var before = await Factory.Database.CountAllAsync("Pastes");

        using var response = await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "another request"), key));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "Idempotency-Key was already used for a different request");
        Assert.That(await Factory.Database.CountAllAsync("Pastes"), Is.EqualTo(before));
    }

    [Test]
    public async Task The_same_key_and_body_with_other_limits_is_refused_with_422()
    {
        var key = NewKey();
        (await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "same text", expiresIn: 600), key))).Dispose();

        using var response = await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "same text", expiresIn: 700), key));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    [Test]
    public async Task Submit_refuses_the_same_key_with_another_body_in_its_own_envelope()
    {
        var key = NewKey();
        (await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Submit, "the first request"), key))).Dispose();

        using var response = await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Submit, "another request"), key));

        await WebhookApi.SubmitErrorAsync(response, HttpStatusCode.UnprocessableEntity, "Idempotency-Key was already used for a different request");
    }

    [Test]
    public async Task Two_owners_with_the_same_key_each_get_a_paste_of_their_own()
    {
        var key = NewKey();

        var alices = await PasteApi.ReadCreatedAsync(await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "same text", fingerprint: Fingerprints.Alice), key)));
        using var bobs = await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "same text", fingerprint: Fingerprints.Bob), key));

        var bobsPaste = await PasteApi.ReadCreatedAsync(bobs);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bobsPaste.Id, Is.Not.EqualTo(alices.Id));
            Assert.That(ResponseAssert.Header(bobs, LimitedPasteApi.ReplayedHeader), Is.Null);
        }
    }

    [Test]
    public async Task An_owners_key_is_not_an_anonymous_callers()
    {
        var key = NewKey();

        var owned = await PasteApi.ReadCreatedAsync(await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "same text", fingerprint: Fingerprints.Alice), key)));
        var anonymous = await PasteApi.ReadCreatedAsync(await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "same text"), key)));

        Assert.That(anonymous.Id, Is.Not.EqualTo(owned.Id));
    }

    [Test]
    public async Task A_retry_within_a_day_is_replayed_and_after_it_makes_a_new_paste()
    {
        var key = NewKey();
        var first = await PasteApi.ReadCreatedAsync(await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "daily report"), key)));

        Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var withinTheDay = await PasteApi.ReadCreatedAsync(await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "daily report"), key)));
        Time.Advance(TimeSpan.FromSeconds(2));
        using var afterTheDay = await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "daily report"), key));

        var next = await PasteApi.ReadCreatedAsync(afterTheDay);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(withinTheDay.Id, Is.EqualTo(first.Id));
            Assert.That(next.Id, Is.Not.EqualTo(first.Id));
            Assert.That(ResponseAssert.Header(afterTheDay, LimitedPasteApi.ReplayedHeader), Is.Null);
        }
    }

    [Test]
    public async Task The_sweep_forgets_keys_older_than_a_day()
    {
        var key = NewKey();
        (await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "remembered for a day"), key))).Dispose();
        Assert.That(await KeysNamedAsync(key), Is.EqualTo(1));

        Time.Advance(TimeSpan.FromHours(24) + CleanupInterval);

        await Eventually.ReturnsAsync(() => KeysNamedAsync(key), count => count == 0, "the sweep forgets the day-old key");
    }

    [TestCase("has space", TestName = "{m}(a space)")]
    [TestCase("a\tb", TestName = "{m}(a tab)")]
    public async Task A_malformed_key_is_refused(string key)
    {
        using var request = LimitedPasteApi.Create(CreateForm.Headers, "never stored");
        request.Headers.TryAddWithoutValidation(LimitedPasteApi.IdempotencyKeyHeader, key);

        using var response = await Client.SendAsync(request);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "Idempotency-Key must be 1 to 255 visible ASCII characters");
    }

    [Test]
    public async Task A_key_of_255_characters_is_accepted_and_one_of_256_refused()
    {
        using var longest = await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "long key"), new string('k', 255)));
        using var tooLong = await Client.SendAsync(WithKey(LimitedPasteApi.Create(CreateForm.Headers, "longer key"), new string('k', 256)));

        Assert.That(longest.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await ResponseAssert.ProblemAsync(tooLong, HttpStatusCode.BadRequest);
    }

    private static string NewKey() => Guid.NewGuid().ToString();

    private static HttpRequestMessage WithKey(HttpRequestMessage request, string key)
    {
        request.Headers.TryAddWithoutValidation(LimitedPasteApi.IdempotencyKeyHeader, key);
        return request;
    }

    private Task<long> KeysNamedAsync(string key) =>
        Factory.Database.LongAsync("SELECT COUNT(*) FROM \"IdempotencyKeys\" WHERE \"Key\" = @key", ("key", key));
}
