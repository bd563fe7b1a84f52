using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Paste.Api.Protection;

namespace Paste.Api.Tests.Protection;

/// <summary>What a caller is told of their rate limits: the policies that apply to them, and each window's permits left now.</summary>
public sealed class RateLimitStatusTests
{
    private PasteRateLimiter limiter = null!;
    private RateLimitStatus status = null!;

    [SetUp]
    public void CreateStatus()
    {
        var settings = new RateLimitSettings
        {
            AnonymousCreates = ["100 per day", "10 per minute"],
            AuthenticatedCreates = ["1000 per day"],
            Requests = ["3 per minute", "50 per hour"],
        };
        limiter = new PasteRateLimiter(Options.Create(settings), new ClientBudgetKey(Options.Create(settings)), NullLogger<PasteRateLimiter>.Instance, TimeProvider.System);
        status = new RateLimitStatus(limiter);
    }

    [TearDown]
    public void DisposeLimiter() => limiter.Dispose();

    [Test]
    public async Task An_anonymous_caller_is_told_the_anonymous_creates_and_the_requests_of_their_ip_windows_shortest_first()
    {
        var policies = await status.ForAsync(Request("203.0.113.7"), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Names(policies), Is.EqualTo("anonymous_creates, requests"));
            Assert.That(policies[0].Windows, Is.EqualTo<RateLimitWindowStatus>([new("10 per minute", 10, 60, 10), new("100 per day", 100, 86400, 100)]));
            Assert.That(policies[1].Windows, Is.EqualTo<RateLimitWindowStatus>([new("3 per minute", 3, 60, 3), new("50 per hour", 50, 3600, 50)]));
        }
    }

    [Test]
    public async Task An_authenticated_caller_is_told_the_creates_of_their_owner()
    {
        var context = Request("203.0.113.7");
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "cl_owner")], "test"));

        var policies = await status.ForAsync(context, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Names(policies), Is.EqualTo("authenticated_creates, requests"));
            Assert.That(policies[0].Windows, Is.EqualTo<RateLimitWindowStatus>([new("1000 per day", 1000, 86400, 1000)]));
        }
    }

    [Test]
    public async Task Remaining_permits_count_down_with_the_requests_the_limiter_let_through_and_per_client_ip()
    {
        var caller = Request("203.0.113.7");
        Acquire(caller);
        Acquire(caller);

        var remaining = Remaining(await status.ForAsync(caller, CancellationToken.None));
        var otherRemaining = Remaining(await status.ForAsync(Request("203.0.113.8"), CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(remaining, Is.EqualTo("anonymous_creates 10 100; requests 1 48"));
            Assert.That(otherRemaining, Is.EqualTo("anonymous_creates 10 100; requests 3 50"), "another client IP");
        }
    }

    [Test]
    public async Task Asking_takes_no_permit()
    {
        var caller = Request("203.0.113.7");
        for (var i = 0; i < 10; i++)
        {
            await status.ForAsync(caller, CancellationToken.None);
        }

        var leases = Enumerable.Range(0, 3).Select(_ => Acquire(caller)).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(leases, Has.All.Matches<bool>(acquired => acquired), "the request window's 3 permits");
            Assert.That(Remaining(await status.ForAsync(caller, CancellationToken.None)), Is.EqualTo("anonymous_creates 10 100; requests 0 47"));
        }
    }

    private static DefaultHttpContext Request(string clientIp) => new()
    {
        Connection = { RemoteIpAddress = IPAddress.Parse(clientIp) },
        Request = { Method = HttpMethods.Get, Path = "/AAAAAAAAAAAAAAAA" },
    };

    private static string Names(IReadOnlyList<RateLimitPolicyStatus> policies) => string.Join(", ", policies.Select(policy => policy.Policy));

    /// <summary>Each policy's name and the permits left in its windows, in order, in one line.</summary>
    private static string Remaining(IReadOnlyList<RateLimitPolicyStatus> policies) =>
        string.Join("; ", policies.Select(policy => $"{policy.Policy} {string.Join(' ', policy.Windows.Select(window => window.Remaining))}"));

    private bool Acquire(HttpContext context)
    {
        using RateLimitLease lease = limiter.Global.AttemptAcquire(context);
        return lease.IsAcquired;
    }
}
