using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// GET /pastes lists the caller's live pastes. Each test lists for an owner of its own, so the pastes other tests of
/// the fixture create never show; time is a fake clock the tests move, and the sweep never runs, so an expired paste
/// is still stored and only the listing's own filter keeps it out.
/// </summary>
public sealed class ListPastesTests(StorageProvider provider) : ApiFixture(provider)
{
    private static readonly TimeSpan Expiry = TimeSpan.FromHours(1);

    private static readonly int[] SevenPastesInPagesOfThree = [3, 3, 1];

    private string owner = null!;

    private FakeTimeProvider Time => Factory.Time!;

    protected override PasteApiFactory CreateFactory() =>
        new(
            new Dictionary<string, string?> { ["Paste:Expiry"] = "01:00:00", ["Paste:CleanupInterval"] = "30.00:00:00" },
            time: PasteApiFactory.NewFakeTime(),
            provider: Provider);

    [SetUp]
    public void SetUp() => owner = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    [Test]
    public async Task An_anonymous_caller_must_authenticate()
    {
        using var response = await Client.SendAsync(HttpMethod.Get, "/pastes");

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "Authentication required");
    }

    [Test]
    public async Task A_caller_without_pastes_gets_an_empty_last_page()
    {
        var page = await ListAsync("/pastes");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.GetProperty("pastes").GetArrayLength(), Is.Zero);
            Assert.That(page.TryGetProperty("next", out _), Is.False);
        }
    }

    [Test]
    public async Task Only_the_callers_own_pastes_are_listed()
    {
        var first = await CreateAsync("mine", owner);
        await CreateAsync("someone else's", Fingerprints.Bob);
        await CreateAsync("nobody's");
        var second = await CreateAsync("mine too", owner);

        var page = await ListAsync("/pastes");

        Assert.That(Ids(page), Is.EquivalentTo(new[] { first.Id, second.Id }));
    }

    [Test]
    public async Task The_newest_paste_comes_first_with_its_size_type_and_times()
    {
        var oldest = await CreateAsync("oldest", owner);
        Time.Advance(TimeSpan.FromSeconds(1));
        var middle = await CreateAsync("middle", owner);
        Time.Advance(TimeSpan.FromSeconds(1));
        var newest = await CreateAsync("newest", owner);

        var pastes = (await ListAsync("/pastes")).GetProperty("pastes");

        Assert.That(Ids(pastes), Is.EqualTo(new[] { newest.Id, middle.Id, oldest.Id }));
        var listed = pastes[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(listed.GetProperty("size").GetInt64(), Is.EqualTo("newest".Length));
            Assert.That(listed.GetProperty("mime_type").GetString(), Is.EqualTo("text/plain"));
            Assert.That(listed.GetProperty("created_at").GetInt64(), Is.EqualTo(newest.CreatedAt));
            Assert.That(listed.GetProperty("expires_at").GetInt64(), Is.EqualTo(newest.CreatedAt + (long)Expiry.TotalSeconds));
            Assert.That(listed.TryGetProperty("views_left", out _), Is.False, "not view-limited");
            Assert.That(listed.TryGetProperty("burn_after_reading", out _), Is.False, "not burnt after reading");
        }
    }

    [Test]
    public async Task Following_next_walks_every_paste_once_newest_first_including_pastes_created_in_the_same_instant()
    {
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await CreateAsync($"paste {i}", owner)).Id);
            if (i % 3 == 2)
            {
                Time.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        var pages = await WalkAsync("/pastes?limit=3");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pages.Select(page => page.Count), Is.EqualTo(SevenPastesInPagesOfThree));
            Assert.That(pages.SelectMany(page => page), Is.EquivalentTo(created), "every paste exactly once");
            Assert.That(pages.SelectMany(page => page).Select(id => created.IndexOf(id) / 3), Is.Ordered.Descending, "newer instants first");
        }
    }

    [Test]
    public async Task A_paste_created_between_pages_neither_repeats_nor_skips_the_pastes_after()
    {
        var created = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            created.Add((await CreateAsync($"paste {i}", owner)).Id);
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await ListAsync("/pastes?limit=2");
        await CreateAsync("created while paging", owner);
        var second = await ListAsync(first.GetProperty("next").GetString()!);

        Assert.That(Ids(first).Concat(Ids(second)), Is.EqualTo(new[] { created[3], created[2], created[1], created[0] }));
    }

    [Test]
    public async Task The_next_link_keeps_the_limit_and_the_default_limit_is_twenty()
    {
        for (var i = 0; i < 21; i++)
        {
            await CreateAsync($"paste {i}", owner);
        }

        var page = await ListAsync("/pastes");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.GetProperty("pastes").GetArrayLength(), Is.EqualTo(20));
            Assert.That(page.GetProperty("next").GetString(), Does.Match("^/pastes\\?cursor=[A-Za-z0-9_-]+&limit=20$"));
        }
    }

    [Test]
    public async Task Expired_and_burnt_pastes_are_not_listed()
    {
        var notReadForTooLong = await CreateAsync("forgotten", owner);
        var pastItsLifetime = await CreateAsync("short-lived", owner, ("X-Paste-Expires-In", "60"));
        var burnt = await CreateAsync("read once", owner, ("X-Paste-Burn", "1"));
        await Client.GetRawBytesAsync(burnt.Id);
        Time.Advance(Expiry - TimeSpan.FromMinutes(1));
        var live = await CreateAsync("live", owner);
        Time.Advance(TimeSpan.FromMinutes(1));

        var page = await ListAsync("/pastes");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Ids(page), Is.EqualTo(new[] { live.Id }));
            Assert.That(await Factory.Database.RowsForAsync(notReadForTooLong.Id), Is.EqualTo((1L, 1L)), "still stored: only the listing leaves it out");
            Assert.That(await Factory.Database.RowsForAsync(pastItsLifetime.Id), Is.EqualTo((1L, 1L)), "still stored: only the listing leaves it out");
        }
    }

    [Test]
    public async Task A_view_limited_paste_shows_the_reads_it_has_left()
    {
        var limited = await CreateAsync("three reads", owner, ("X-Paste-Max-Views", "3"));
        await Client.GetRawBytesAsync(limited.Id);
        var burning = await CreateAsync("one read", owner, ("X-Paste-Burn", "1"));

        var pastes = (await ListAsync("/pastes")).GetProperty("pastes").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pastes[limited.Id].GetProperty("views_left").GetInt32(), Is.EqualTo(2));
            Assert.That(pastes[limited.Id].TryGetProperty("burn_after_reading", out _), Is.False);
            Assert.That(pastes[burning.Id].GetProperty("views_left").GetInt32(), Is.EqualTo(1));
            Assert.That(pastes[burning.Id].GetProperty("burn_after_reading").GetBoolean(), Is.True);
        }
    }

    [Test]
    public async Task Listing_is_not_a_read_and_keeps_no_paste_alive()
    {
        var paste = await CreateAsync("listed, never read", owner);
        Time.Advance(Expiry - TimeSpan.FromSeconds(1));
        Assert.That(Ids(await ListAsync("/pastes")), Is.EqualTo(new[] { paste.Id }));

        Time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(Ids(await ListAsync("/pastes")), Is.Empty);
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("101")]
    public async Task A_limit_outside_one_to_a_hundred_is_a_bad_request(string limit)
    {
        using var response = await Client.SendAsync(HttpMethod.Get, $"/pastes?limit={limit}", owner);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "limit must be a whole number from 1 to 100");
    }

    [Test]
    public async Task A_limit_that_is_not_a_number_is_a_bad_request_that_names_it_without_repeating_it()
    {
        using var response = await Client.SendAsync(HttpMethod.Get, "/pastes?limit=ten", owner);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "limit is not valid");
    }

    [TestCase("nonsense")]
    [TestCase("AbCdEfGhIjKlMnOp")]
    [TestCase("AAABlVC4JAAhIiMkJSYnKCkqKywtLi8w")]
    public async Task A_malformed_cursor_is_a_bad_request(string cursor)
    {
        using var response = await Client.SendAsync(HttpMethod.Get, $"/pastes?cursor={cursor}", owner);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "Invalid cursor: take it from the next link of the page before");
    }

    private async Task<NewPaste> CreateAsync(string text, string? fingerprint = null, params (string Name, string Value)[] headers)
    {
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Utf8(text), "text/plain"), fingerprint);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await Client.SendAsync(request);
        return await PasteApi.ReadCreatedAsync(response);
    }

    private async Task<JsonElement> ListAsync(string path)
    {
        using var response = await Client.SendAsync(HttpMethod.Get, path, owner);
        return await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
    }

    /// <summary>The ids of every page, from <paramref name="path"/> on through each <c>next</c>.</summary>
    private async Task<List<List<string>>> WalkAsync(string path)
    {
        var pages = new List<List<string>>();
        for (string? next = path; next is not null && pages.Count < 10;)
        {
            var page = await ListAsync(next);
            pages.Add(Ids(page).ToList());
            next = page.TryGetProperty("next", out var link) ? link.GetString() : null;
        }

        return pages;
    }

    private static IEnumerable<string> Ids(JsonElement pageOrPastes) =>
        (pageOrPastes.ValueKind == JsonValueKind.Object ? pageOrPastes.GetProperty("pastes") : pageOrPastes)
            .EnumerateArray().Select(p => p.GetProperty("id").GetString()!);
}
