using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Paste.Api.Protection;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Clients;

/// <summary>
/// The built-in rate limiter with small budgets: creates per IP for anonymous callers and per owner for authenticated
/// ones, every other request per IP, /health never. Each test has its own application and so its own budgets.
/// </summary>
public sealed class RateLimitTests(StorageProvider provider) : StoreFixture(provider)
{
    private PasteApiFactory Factory(int anonymous = 100, int authenticated = 100, int requests = 100) => new(
        new Dictionary<string, string?>
        {
            ["Paste:RateLimits:AnonymousPermitsPerMinute"] = anonymous.ToString(CultureInfo.InvariantCulture),
            ["Paste:RateLimits:AuthenticatedPermitsPerMinute"] = authenticated.ToString(CultureInfo.InvariantCulture),
            ["Paste:RateLimits:RequestsPerMinute"] = requests.ToString(CultureInfo.InvariantCulture),
        },
        useKestrel: true,
        provider: Provider);

    /// <summary>
    /// Lists of windows in Flask-Limiter's notation, such as <c>("Requests", ["2 per minute", "1 per hour"])</c>, over
    /// the factory's large per-minute settings, which the lists replace.
    /// </summary>
    private PasteApiFactory WindowsFactory(params (string Setting, string[] Windows)[] lists) => new(
        lists
            .SelectMany(list => list.Windows.Select((window, i) => KeyValuePair.Create($"Paste:RateLimits:{list.Setting}:{i}", (string?)window)))
            .ToDictionary(),
        useKestrel: true,
        provider: Provider);

    /// <summary>
    /// Checks a refusal: 429 with Retry-After in whole seconds, at least one and at most the refusing window's
    /// <paramref name="windowSeconds"/>; returns the parsed body.
    /// </summary>
    public static async Task<JsonElement> TooManyAsync(HttpResponseMessage response, bool problemDetails = true, int windowSeconds = 60)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), text);
        var retryAfter = ResponseAssert.Header(response, "Retry-After");
        Assert.That(retryAfter, Does.Match("^[0-9]+$"), "Retry-After is whole seconds");
        Assert.That(int.Parse(retryAfter!, CultureInfo.InvariantCulture), Is.InRange(1, windowSeconds));
        if (problemDetails)
        {
            return await ResponseAssert.ProblemAsync(response, HttpStatusCode.TooManyRequests, "Too many requests");
        }

        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.TooManyRequests);
        Assert.That(ResponseAssert.StringMember(body, "status"), Is.EqualTo("error"), text);
        Assert.That(ResponseAssert.StringMember(body, "error"), Is.EqualTo("Too many requests"), text);
        Assert.That(ResponseAssert.StringMember(body, "request_id"), Is.EqualTo(ResponseAssert.Header(response, ResponseAssert.RequestIdHeader)), text);
        return body;
    }

    /// <summary>
    /// Checks a refusal by a window of <paramref name="retryAfter"/> seconds: the usual 429, and that window's
    /// Retry-After. In one process the limiter reports the window's whole length; the windows shared in PostgreSQL
    /// start at multiples of their length since the epoch and report exactly the time until this one ends.
    /// </summary>
    private async Task RefusedByWindowAsync(HttpResponseMessage response, string retryAfter)
    {
        using (response)
        {
            await ResponseAssert.ProblemAsync(response, HttpStatusCode.TooManyRequests, "Too many requests");
            var sent = ResponseAssert.Header(response, "Retry-After");
            if (Provider == StorageProvider.Sqlite)
            {
                Assert.That(sent, Is.EqualTo(retryAfter));
                return;
            }

            var period = long.Parse(retryAfter, CultureInfo.InvariantCulture) * 1000;
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var untilEnd = (long)Math.Ceiling(((now / period * period) + period - now) / 1000d);
            Assert.That(long.Parse(sent!, CultureInfo.InvariantCulture), Is.InRange(Math.Max(1, untilEnd - 2), untilEnd + 1), $"the end of the current {retryAfter} s window");
        }
    }

    private static async Task CreatedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        }
    }

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client) =>
        client.PostAsync(new Uri("/submit", UriKind.Relative), PasteApi.Json("""{"c": "submitted"}"""));

    [Test]
    public async Task Anonymous_creates_beyond_the_budget_get_429_with_retry_after_and_problem_details()
    {
        await using var factory = Factory(anonymous: 3);
        using var client = factory.CreatePasteClient();
        for (var i = 0; i < 3; i++)
        {
            await CreatedAsync(await client.PostRawAsync(TestData.Utf8($"paste {i}"), "text/plain"));
        }

        var pastes = await factory.Database.CountAllAsync("Pastes");
        using var refused = await client.PostRawAsync(TestData.Utf8("one too many"), "text/plain");

        var problem = await TooManyAsync(refused);
        Assert.That(ResponseAssert.StringMember(problem, "type"), Is.EqualTo("https://tools.ietf.org/html/rfc6585#section-4"));
        Assert.That(await factory.Database.CountAllAsync("Pastes"), Is.EqualTo(pastes), "a refused create stored a paste");
        ResponseAssert.HasSecurityHeaders(refused);
    }

    [Test]
    public async Task Submit_shares_the_create_budget_and_refuses_with_its_own_envelope()
    {
        await using var factory = Factory(anonymous: 2);
        using var client = factory.CreatePasteClient();
        await CreatedAsync(await client.PostRawAsync(TestData.Utf8("via post"), "text/plain"));
        await CreatedAsync(await SubmitAsync(client));

        using var refused = await SubmitAsync(client);

        await TooManyAsync(refused, problemDetails: false);
    }

    [Test]
    public async Task Authenticated_creates_are_counted_per_owner_and_not_against_the_anonymous_budget()
    {
        await using var factory = Factory(anonymous: 1, authenticated: 2);
        using var client = factory.CreatePasteClient();
        var signed = await factory.AddHmacClientAsync();
        var otherSigned = await factory.AddEd25519ClientAsync();

        // The anonymous budget is spent first.
        await CreatedAsync(await client.PostRawAsync(TestData.Utf8("anonymous"), "text/plain"));
        using (var anonymous = await client.PostRawAsync(TestData.Utf8("anonymous again"), "text/plain"))
        {
            await TooManyAsync(anonymous);
        }

        // Each owner still has a budget of its own, from the same IP.
        for (var i = 0; i < 2; i++)
        {
            await CreatedAsync(await client.PostSignedAsync(TestData.Utf8($"signed {i}"), signed));
            await CreatedAsync(await client.PostRawAsync(TestData.Utf8($"alice {i}"), "text/plain", Fingerprints.Alice));
        }

        using (var signedRefused = await client.PostSignedAsync(TestData.Utf8("signed too many"), signed))
        {
            await TooManyAsync(signedRefused);
        }

        using (var aliceRefused = await client.PostRawAsync(TestData.Utf8("alice too many"), "text/plain", Fingerprints.Alice))
        {
            await TooManyAsync(aliceRefused);
        }

        await CreatedAsync(await client.PostSignedAsync(TestData.Utf8("another client"), otherSigned));
        await CreatedAsync(await client.PostRawAsync(TestData.Utf8("bob"), "text/plain", Fingerprints.Bob));
    }

    [Test]
    public async Task Other_requests_beyond_the_per_ip_budget_get_429()
    {
        await using var factory = Factory(requests: 3);
        using var client = factory.CreatePasteClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.That(await client.StatusOfAsync("/AAAAAAAAAAAAAAAA"), Is.EqualTo(HttpStatusCode.NotFound));
        }

        using var refused = await client.GetAsync(new Uri("/AAAAAAAAAAAAAAAA", UriKind.Relative));

        await TooManyAsync(refused);
    }

    [Test]
    public async Task Health_is_never_limited_and_does_not_use_up_the_budget()
    {
        await using var factory = Factory(requests: 2);
        using var client = factory.CreatePasteClient();

        for (var i = 0; i < 10; i++)
        {
            Assert.That(await client.StatusOfAsync("/health"), Is.EqualTo(HttpStatusCode.OK), $"health check {i + 1}");
        }

        Assert.That(await client.StatusOfAsync("/AAAAAAAAAAAAAAAA"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await client.StatusOfAsync("/AAAAAAAAAAAAAAAA"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await client.StatusOfAsync("/AAAAAAAAAAAAAAAA"), Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(await client.StatusOfAsync("/health"), Is.EqualTo(HttpStatusCode.OK), "health once the budget is spent");
    }

    [Test]
    public async Task Creates_and_other_requests_have_separate_budgets()
    {
        await using var factory = Factory(anonymous: 2, requests: 2);
        using var client = factory.CreatePasteClient();
        var first = await client.CreatePasteAsync("one");
        await client.CreatePasteAsync("two");

        // Two creates spent the create budget, not the request budget.
        Assert.That(await client.StatusOfAsync($"/{first.Id}"), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await client.StatusOfAsync($"/{first.Id}/raw"), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await client.StatusOfAsync($"/{first.Id}"), Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task Every_window_of_a_list_must_allow_a_request()
    {
        await using var factory = WindowsFactory(("Requests", ["100 per hour", "2 per minute"]));
        using var client = factory.CreatePasteClient();
        Assert.That(await client.StatusOfAsync("/AAAAAAAAAAAAAAAA"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await client.StatusOfAsync("/AAAAAAAAAAAAAAAA"), Is.EqualTo(HttpStatusCode.NotFound));

        var refused = await client.GetAsync(new Uri("/AAAAAAAAAAAAAAAA", UriKind.Relative));

        await RefusedByWindowAsync(refused, "60");
    }

    [Test]
    public async Task A_refusal_by_the_longer_window_sends_its_retry_after_and_costs_the_shorter_window_nothing()
    {
        await using var factory = WindowsFactory(("Requests", ["2 per minute", "1 per hour"]));
        using var client = factory.CreatePasteClient();
        Assert.That(await client.StatusOfAsync("/AAAAAAAAAAAAAAAA"), Is.EqualTo(HttpStatusCode.NotFound));

        var refused = await client.GetAsync(new Uri("/AAAAAAAAAAAAAAAA", UriKind.Relative));
        var refusedAgain = await client.GetAsync(new Uri("/AAAAAAAAAAAAAAAA", UriKind.Relative));

        // Had the first refusal taken the minute's last permit, the second would name the minute, and wrongly so:
        // after a minute the hour still refuses.
        await RefusedByWindowAsync(refused, "3600");
        await RefusedByWindowAsync(refusedAgain, "3600");
    }

    [Test]
    public async Task Anonymous_and_authenticated_creates_are_limited_by_their_own_lists()
    {
        await using var factory = WindowsFactory(("AnonymousCreates", ["1 per hour"]), ("AuthenticatedCreates", ["2 per day"]));
        using var client = factory.CreatePasteClient();
        var signed = await factory.AddHmacClientAsync();

        await CreatedAsync(await client.PostRawAsync(TestData.Utf8("anonymous"), "text/plain"));
        await RefusedByWindowAsync(await client.PostRawAsync(TestData.Utf8("anonymous again"), "text/plain"), "3600");
        await CreatedAsync(await client.PostSignedAsync(TestData.Utf8("signed 1"), signed));
        await CreatedAsync(await client.PostSignedAsync(TestData.Utf8("signed 2"), signed));
        await RefusedByWindowAsync(await client.PostSignedAsync(TestData.Utf8("signed 3"), signed), "86400");
    }

    [Test]
    public async Task A_list_replaces_the_per_minute_setting_of_its_kind_of_caller()
    {
        await using var factory = new PasteApiFactory(
            new Dictionary<string, string?>
            {
                ["Paste:RateLimits:RequestsPerMinute"] = "1",
                ["Paste:RateLimits:Requests:0"] = "3 per hour",
            },
            useKestrel: true,
            provider: Provider);
        using var client = factory.CreatePasteClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.That(await client.StatusOfAsync("/AAAAAAAAAAAAAAAA"), Is.EqualTo(HttpStatusCode.NotFound), $"request {i + 1}");
        }

        var refused = await client.GetAsync(new Uri("/AAAAAAAAAAAAAAAA", UriKind.Relative));

        await RefusedByWindowAsync(refused, "3600");
    }

    [Test]
    public async Task A_per_minute_setting_alone_is_still_one_window_of_a_minute()
    {
        await using var factory = Factory(requests: 2);
        using var client = factory.CreatePasteClient();
        Assert.That(await client.StatusOfAsync("/AAAAAAAAAAAAAAAA"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await client.StatusOfAsync("/AAAAAAAAAAAAAAAA"), Is.EqualTo(HttpStatusCode.NotFound));

        var refused = await client.GetAsync(new Uri("/AAAAAAAAAAAAAAAA", UriKind.Relative));

        await RefusedByWindowAsync(refused, "60");
    }

    [Test]
    public async Task The_status_of_a_caller_counts_what_the_service_let_through_and_nothing_it_refused()
    {
        await using var factory = WindowsFactory(("AnonymousCreates", ["2 per minute", "5 per hour"]), ("Requests", ["1 per minute", "10 per hour"]));
        using var client = factory.CreatePasteClient();
        await CreatedAsync(await client.PostRawAsync(TestData.Utf8("counted"), "text/plain"));
        Assert.That(await client.StatusOfAsync("/AAAAAAAAAAAAAAAA"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await client.StatusOfAsync("/AAAAAAAAAAAAAAAA"), Is.EqualTo(HttpStatusCode.TooManyRequests));

        var policies = await factory.Services.GetRequiredService<RateLimitStatus>().ForAsync(new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Loopback } }, CancellationToken.None);

        Assert.That(
            policies.Select(policy => $"{policy.Policy} {string.Join(' ', policy.Windows.Select(window => $"{window.Remaining}/{window.Window}"))}"),
            Is.EquivalentTo(["anonymous_creates 1/2 per minute 4/5 per hour", "requests 0/1 per minute 9/10 per hour"]));
    }
}
