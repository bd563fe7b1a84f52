using System.Net;
using Microsoft.Extensions.Time.Testing;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.PasteLimits;

/// <summary>
/// <c>expires_in</c>: a lifetime of the paste's own, however often it is read, capped by <c>Paste:MaxLifetime</c>. The
/// service's expiry here is one hour after the last read, and the clock is the test's.
/// </summary>
public sealed class LifetimeTests(StorageProvider provider) : ApiFixture(provider)
{
    private const long DefaultMaxLifetimeSeconds = 30 * 24 * 60 * 60;
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(10);

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:Expiry"] = "01:00:00",
        ["Paste:CleanupInterval"] = "00:10:00",
    };

    private FakeTimeProvider Time => Factory.Time!;

    protected override PasteApiFactory CreateFactory() => new(Settings, time: PasteApiFactory.NewFakeTime(), provider: Provider);

    [Test]
    public async Task Expires_in_sets_when_the_paste_expires([Values] CreateForm form)
    {
        var id = await Client.CreateAsync(form, "short-lived", expiresIn: 600);

        var metadata = await Client.GetMetadataAsync(id);
        Assert.That(
            metadata.GetProperty("expires_at").GetInt64(),
            Is.EqualTo(metadata.GetProperty("created_at").GetInt64() + 600),
            "ten minutes, not the hour after the last read");
    }

    [Test]
    public async Task The_create_answer_says_when_the_paste_expires()
    {
        using var response = await Client.SendAsync(LimitedPasteApi.Create(CreateForm.Json, "short-lived", expiresIn: 600));

        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.That(body.GetProperty("expires_at").GetInt64(), Is.EqualTo(body.GetProperty("created_at").GetInt64() + 600));
    }

    [Test]
    public async Task A_paste_is_gone_at_its_deadline_and_the_sweep_deletes_it()
    {
        var id = await Client.CreateAsync(CreateForm.Headers, "gone in two minutes", expiresIn: 120);
        Time.Advance(TimeSpan.FromSeconds(119));
        Assert.That(await Client.StatusOfAsync($"/{id}/raw"), Is.EqualTo(HttpStatusCode.OK), "a second before its deadline");

        Time.Advance(TimeSpan.FromSeconds(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Client.StatusOfAsync($"/{id}/raw"), Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await Client.StatusOfAsync($"/{id}"), Is.EqualTo(HttpStatusCode.NotFound));
        }

        Time.Advance(CleanupInterval);
        await Eventually.ReturnsAsync(() => Factory.Database.RowsForAsync(id), rows => rows == (0L, 0L), "the sweep deletes the paste past its deadline");
    }

    [Test]
    public async Task Reads_keep_a_paste_alive_only_up_to_its_deadline()
    {
        var id = await Client.CreateAsync(CreateForm.Json, "two hours at most", expiresIn: 7200);
        var createdAt = (await Client.GetMetadataAsync(id)).GetProperty("created_at").GetInt64();

        Time.Advance(TimeSpan.FromMinutes(50));
        _ = await Client.GetRawBytesAsync(id);
        var afterFirstRead = (await Client.GetMetadataAsync(id)).GetProperty("expires_at").GetInt64();
        Time.Advance(TimeSpan.FromMinutes(50));
        _ = await Client.GetRawBytesAsync(id);
        var afterSecondRead = (await Client.GetMetadataAsync(id)).GetProperty("expires_at").GetInt64();
        Time.Advance(TimeSpan.FromMinutes(20));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterFirstRead, Is.EqualTo(createdAt + (110 * 60)), "an hour after the read, before the deadline");
            Assert.That(afterSecondRead, Is.EqualTo(createdAt + 7200), "the deadline, before an hour after the read");
            Assert.That(await Client.StatusOfAsync($"/{id}/raw"), Is.EqualTo(HttpStatusCode.NotFound), "read twenty minutes ago, but past its deadline");
        }
    }

    [Test]
    public async Task A_long_lifetime_does_not_keep_a_paste_nobody_reads()
    {
        var id = await Client.CreateAsync(CreateForm.Headers, "forgotten", expiresIn: 7 * 24 * 3600);

        Time.Advance(TimeSpan.FromHours(1));

        Assert.That(await Client.StatusOfAsync($"/{id}"), Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Thirty_days_is_the_longest_lifetime_allowed_by_default([Values] CreateForm form)
    {
        using var longest = await Client.SendAsync(LimitedPasteApi.Create(form, "a month", expiresIn: DefaultMaxLifetimeSeconds));
        using var tooLong = await Client.SendAsync(LimitedPasteApi.Create(form, "a month and a second", expiresIn: DefaultMaxLifetimeSeconds + 1));

        Assert.That(longest.StatusCode, Is.EqualTo(HttpStatusCode.Created), await longest.Content.ReadAsStringAsync());
        Assert.That(await LimitedPasteApi.RefusedAsync(form, tooLong, HttpStatusCode.BadRequest), Does.Contain("2592000"), "the refusal names the cap");
    }

    [Test]
    public async Task A_configured_longest_lifetime_is_the_one_enforced_and_named()
    {
        await using var factory = new PasteApiFactory(new Dictionary<string, string?> { ["Paste:MaxLifetime"] = "01:00:00" }, provider: Provider);
        using var client = factory.CreatePasteClient();

        using var longest = await client.SendAsync(LimitedPasteApi.Create(CreateForm.Headers, "an hour", expiresIn: 3600));
        using var tooLong = await client.SendAsync(LimitedPasteApi.Create(CreateForm.Headers, "an hour and a second", expiresIn: 3601));

        Assert.That(longest.StatusCode, Is.EqualTo(HttpStatusCode.Created), await longest.Content.ReadAsStringAsync());
        Assert.That(await LimitedPasteApi.RefusedAsync(CreateForm.Headers, tooLong, HttpStatusCode.BadRequest), Does.Contain("3600"));
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("soon")]
    [TestCase("1.5")]
    [TestCase("99999999999999999999", TestName = "{m}(beyond a 64-bit number)")]
    [TestCase("9223372036854775807", TestName = "{m}(the largest 64-bit number)")]
    [TestCase("-9223372036854775808", TestName = "{m}(the smallest 64-bit number)")]
    public async Task A_lifetime_that_is_not_a_positive_whole_number_of_seconds_is_refused_in_the_header_and_the_query(string value)
    {
        using var inHeader = await Client.SendAsync(LimitedPasteApi.Raw("/", "never stored", (LimitedPasteApi.ExpiresInHeader, value)));
        using var inQuery = await Client.SendAsync(LimitedPasteApi.Raw($"/?expires_in={Uri.EscapeDataString(value)}", "never stored"));

        await ResponseAssert.ProblemAsync(inHeader, HttpStatusCode.BadRequest);
        await ResponseAssert.ProblemAsync(inQuery, HttpStatusCode.BadRequest);
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("\"3600\"")]
    [TestCase("1.5")]
    [TestCase("true")]
    [TestCase("9223372036854775807", TestName = "{m}(the largest 64-bit number)")]
    [TestCase("-9223372036854775808", TestName = "{m}(the smallest 64-bit number)")]
    public async Task A_lifetime_that_is_not_a_positive_whole_number_of_seconds_is_refused_in_json(string value)
    {
        using var response = await Client.PostAsync(PasteApi.Json($$"""{"content":"never stored","expires_in":{{value}}}"""));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task The_body_wins_over_a_header_and_a_header_over_the_query()
    {
        using var jsonAndHeader = LimitedPasteApi.Create(CreateForm.Json, "json says 100", expiresIn: 100);
        jsonAndHeader.Headers.Add(LimitedPasteApi.ExpiresInHeader, "200");
        using var headerAndQuery = LimitedPasteApi.Create(CreateForm.Query, "header says 200", expiresIn: 300);
        headerAndQuery.Headers.Add(LimitedPasteApi.ExpiresInHeader, "200");

        var fromJson = await PasteApi.ReadCreatedAsync(await Client.SendAsync(jsonAndHeader));
        var fromHeader = await PasteApi.ReadCreatedAsync(await Client.SendAsync(headerAndQuery));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fromJson.Body.GetProperty("expires_at").GetInt64(), Is.EqualTo(fromJson.CreatedAt + 100));
            Assert.That(fromHeader.Body.GetProperty("expires_at").GetInt64(), Is.EqualTo(fromHeader.CreatedAt + 200));
        }
    }
}
