using System.Net;
using System.Text;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Limits;

/// <summary>GET /limits, and the same figures in GET /: what a caller may do, known before it sends anything.</summary>
public sealed class LimitsTests(StorageProvider provider) : ApiFixture(provider)
{
    private const string Owner = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2";

    private static readonly string[] AnonymousPolicies = ["anonymous_creates", "requests"];
    private static readonly string[] AuthenticatedPolicies = ["authenticated_creates", "requests"];
    private static readonly string[] RequestWindows = ["1000 per minute", "5000 per day"];
    private static readonly long[] RequestPeriods = [60, 86400];
    private static readonly int[] RequestPermits = [1000, 5000];

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:MaxLifetime"] = "7.00:00:00",
        ["Paste:Quotas:MaxPastesPerOwner"] = "10",
        ["Paste:RateLimits:Requests:0"] = "1000 per minute",
        ["Paste:RateLimits:Requests:1"] = "5000 per day",
    };

    [Test]
    public async Task An_anonymous_caller_sees_its_size_limit_lifetime_cap_expiry_and_rate_limits_and_no_quota()
    {
        var limits = await LimitsAsync(owner: null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(limits.GetProperty("authenticated").GetBoolean(), Is.False);
            Assert.That(limits.GetProperty("max_size").GetInt64(), Is.EqualTo(3 * 1024 * 1024));
            Assert.That(limits.GetProperty("max_lifetime").GetInt64(), Is.EqualTo(7 * 86400));
            Assert.That(limits.GetProperty("expiry").GetInt64(), Is.EqualTo(5 * 86400));
            Assert.That(limits.TryGetProperty("quota", out _), Is.False, "anonymous pastes have no quota");
            Assert.That(Policies(limits), Is.EqualTo(AnonymousPolicies));
        }
    }

    [Test]
    public async Task Each_window_of_a_policy_shows_what_is_left_and_a_request_spends_one_of_each()
    {
        var first = Windows(await LimitsAsync(owner: null), "requests");
        var second = Windows(await LimitsAsync(owner: null), "requests");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Select(w => w.GetProperty("window").GetString()), Is.EqualTo(RequestWindows));
            Assert.That(first.Select(w => w.GetProperty("period").GetInt64()), Is.EqualTo(RequestPeriods));
            Assert.That(first.Select(w => w.GetProperty("permits").GetInt32()), Is.EqualTo(RequestPermits));
            Assert.That(
                second.Select(w => w.GetProperty("remaining").GetInt64()),
                Is.EqualTo(first.Select(w => w.GetProperty("remaining").GetInt64() - 1)),
                "the second request took one permit from every window");
        }
    }

    [Test]
    public async Task An_owner_sees_the_larger_size_limit_and_its_quota_with_what_its_live_pastes_take()
    {
        var before = (await LimitsAsync(Owner)).GetProperty("quota");
        using (var create = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("12345")) })
        {
            create.Headers.Add("X-SSL-Client-SHA1", Owner);
            using var created = await Client.SendAsync(create);
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var limits = await LimitsAsync(Owner);
        var quota = limits.GetProperty("quota");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(limits.GetProperty("authenticated").GetBoolean(), Is.True);
            Assert.That(limits.GetProperty("max_size").GetInt64(), Is.EqualTo(50 * 1024 * 1024));
            Assert.That(Policies(limits), Is.EqualTo(AuthenticatedPolicies));
            Assert.That(quota.GetProperty("max_pastes").GetInt64(), Is.EqualTo(10));
            Assert.That(quota.TryGetProperty("max_bytes", out _), Is.False, "no byte quota is set");
            Assert.That(quota.GetProperty("pastes").GetInt64(), Is.EqualTo(before.GetProperty("pastes").GetInt64() + 1));
            Assert.That(quota.GetProperty("bytes").GetInt64(), Is.EqualTo(before.GetProperty("bytes").GetInt64() + 5));
        }
    }

    [Test]
    public async Task The_root_document_carries_the_same_figures()
    {
        using var response = await Client.GetAsync(new Uri("/", UriKind.Relative));
        var limits = (await ResponseAssert.JsonAsync(response, HttpStatusCode.OK)).GetProperty("limits");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(limits.GetProperty("max_size").GetInt64(), Is.EqualTo(3 * 1024 * 1024));
            Assert.That(limits.GetProperty("max_lifetime").GetInt64(), Is.EqualTo(7 * 86400));
            Assert.That(Policies(limits), Is.EqualTo(AnonymousPolicies));
        }
    }

    private static string?[] Policies(JsonElement limits) =>
        [.. limits.GetProperty("rate_limits").EnumerateArray().Select(policy => policy.GetProperty("policy").GetString())];

    private static JsonElement[] Windows(JsonElement limits, string policy) =>
        [.. limits.GetProperty("rate_limits").EnumerateArray().Single(p => p.GetProperty("policy").GetString() == policy).GetProperty("windows").EnumerateArray()];

    private async Task<JsonElement> LimitsAsync(string? owner)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/limits");
        if (owner is not null)
        {
            request.Headers.Add("X-SSL-Client-SHA1", owner);
        }

        using var response = await Client.SendAsync(request);
        return await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
    }
}
