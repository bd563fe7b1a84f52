using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.PasteLimits;

/// <summary>
/// <c>Paste:Quotas</c>: what one owner's live pastes may take together, two pastes and 100 bytes here. A create past
/// either is refused with 403 naming the quota; deleting or expiry frees room. Each test is an owner of its own.
/// </summary>
public sealed class QuotaTests(StorageProvider provider) : ApiFixture(provider)
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:Expiry"] = "01:00:00",
        ["Paste:Quotas:MaxPastesPerOwner"] = "2",
        ["Paste:Quotas:MaxBytesPerOwner"] = "100",
    };

    private FakeTimeProvider Time => Factory.Time!;

    protected override PasteApiFactory CreateFactory() => new(Settings, time: PasteApiFactory.NewFakeTime(), provider: Provider);

    [Test]
    public async Task An_owner_past_its_number_of_pastes_is_refused_with_the_quota_named()
    {
        var owner = LimitedPasteApi.NewFingerprint();
        await Client.CreatePasteAsync("one", owner);
        await Client.CreatePasteAsync("two", owner);

        using var response = await Client.PostRawAsync(TestData.Utf8("three"), "text/plain", owner);

        var problem = await ResponseAssert.ProblemAsync(response, HttpStatusCode.Forbidden, "Quota exceeded: MaxPastesPerOwner allows 2, 2 in use");
        AssertQuota(problem, "MaxPastesPerOwner", used: 2, allowed: 2);
    }

    [Test]
    public async Task An_owner_past_its_bytes_is_refused_with_the_quota_named()
    {
        var owner = LimitedPasteApi.NewFingerprint();
        await Client.CreatePasteAsync(TestData.Filled(60), "text/plain", owner);

        using var response = await Client.PostRawAsync(TestData.Filled(41), "text/plain", owner);

        var problem = await ResponseAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        AssertQuota(problem, "MaxBytesPerOwner", used: 60, allowed: 100);
    }

    [Test]
    public async Task An_owner_may_fill_its_bytes_exactly()
    {
        var owner = LimitedPasteApi.NewFingerprint();
        await Client.CreatePasteAsync(TestData.Filled(60), "text/plain", owner);

        using var response = await Client.PostRawAsync(TestData.Filled(40), "text/plain", owner);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [TestCase(CreateForm.Json)]
    [TestCase(CreateForm.Form)]
    [TestCase(CreateForm.Submit)]
    public async Task Every_form_of_create_counts_against_the_quota(CreateForm form)
    {
        var owner = LimitedPasteApi.NewFingerprint();
        await Client.CreateAsync(form, "one", fingerprint: owner);
        await Client.CreateAsync(form, "two", fingerprint: owner);

        using var response = await Client.SendAsync(LimitedPasteApi.Create(form, "three", fingerprint: owner));

        await LimitedPasteApi.RefusedAsync(form, response, HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Deleting_a_paste_frees_room()
    {
        var owner = LimitedPasteApi.NewFingerprint();
        var first = await Client.CreatePasteAsync("one", owner);
        await Client.CreatePasteAsync("two", owner);

        (await Client.DeletePasteAsync(first.Id, owner)).Dispose();
        using var response = await Client.PostRawAsync(TestData.Utf8("three"), "text/plain", owner);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Deleting_with_the_delete_token_frees_room()
    {
        var owner = LimitedPasteApi.NewFingerprint();
        var first = await Client.CreatePasteAsync("one", owner);
        await Client.CreatePasteAsync("two", owner);

        (await Client.DeleteWithTokenAsync(first.Id, first.Body.GetProperty("delete_token").GetString()!)).Dispose();
        using var response = await Client.PostRawAsync(TestData.Utf8("three"), "text/plain", owner);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_paste_that_expired_frees_room_before_the_sweep_deletes_it()
    {
        var owner = LimitedPasteApi.NewFingerprint();
        await Client.CreatePasteAsync("one", owner);
        await Client.CreatePasteAsync("two", owner);

        Time.Advance(TimeSpan.FromHours(1));
        using var response = await Client.PostRawAsync(TestData.Utf8("three"), "text/plain", owner);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_paste_past_its_own_deadline_frees_room()
    {
        var owner = LimitedPasteApi.NewFingerprint();
        await Client.CreateAsync(CreateForm.Headers, "one", expiresIn: 60, fingerprint: owner);
        await Client.CreatePasteAsync("two", owner);

        Time.Advance(TimeSpan.FromSeconds(60));
        using var response = await Client.PostRawAsync(TestData.Utf8("three"), "text/plain", owner);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_paste_read_to_its_last_view_frees_room()
    {
        var owner = LimitedPasteApi.NewFingerprint();
        var burnt = await Client.CreateAsync(CreateForm.Headers, "one", burn: true, fingerprint: owner);
        await Client.CreatePasteAsync("two", owner);

        _ = await Client.GetRawBytesAsync(burnt);
        using var response = await Client.PostRawAsync(TestData.Utf8("three"), "text/plain", owner);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Each_owner_has_a_quota_of_its_own()
    {
        var owner = LimitedPasteApi.NewFingerprint();
        await Client.CreatePasteAsync("one", owner);
        await Client.CreatePasteAsync("two", owner);

        using var response = await Client.PostRawAsync(TestData.Utf8("another owner's first"), "text/plain", LimitedPasteApi.NewFingerprint());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Anonymous_creates_have_no_quota()
    {
        var pastes = new List<NewPaste>();

        for (var i = 0; i < 4; i++)
        {
            pastes.Add(await Client.CreatePasteAsync(TestData.Filled(60), "text/plain"));
        }

        Assert.That(pastes.Select(p => p.Id).Distinct().Count(), Is.EqualTo(4));
    }

    [Test]
    public async Task A_retry_of_a_create_that_filled_the_quota_is_replayed_not_refused()
    {
        var owner = LimitedPasteApi.NewFingerprint();
        await Client.CreatePasteAsync("one", owner);
        using var fill = LimitedPasteApi.Create(CreateForm.Headers, "two", fingerprint: owner);
        fill.Headers.Add(LimitedPasteApi.IdempotencyKeyHeader, "fill-the-quota");
        var filled = await PasteApi.ReadCreatedAsync(await Client.SendAsync(fill));

        using var retry = LimitedPasteApi.Create(CreateForm.Headers, "two", fingerprint: owner);
        retry.Headers.Add(LimitedPasteApi.IdempotencyKeyHeader, "fill-the-quota");
        var replayed = await PasteApi.ReadCreatedAsync(await Client.SendAsync(retry));

        Assert.That(replayed.Id, Is.EqualTo(filled.Id));
    }

    private static void AssertQuota(JsonElement problem, string quota, long used, long allowed)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem.GetProperty("quota").GetString(), Is.EqualTo(quota));
            Assert.That(problem.GetProperty("used").GetInt64(), Is.EqualTo(used));
            Assert.That(problem.GetProperty("allowed").GetInt64(), Is.EqualTo(allowed));
        }
    }
}
