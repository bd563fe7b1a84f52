using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Paste.Api.Protection;
using Paste.Api.Tests.Support;
using Paste.Application.Common;

namespace Paste.Api.Tests.Protection;

public sealed class NewClientIpLogMiddlewareTests
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private static readonly string[] LoggedTwice = ["First request from 203.0.113.7 in this window", "First request from 203.0.113.7 in this window"];
    private static readonly string[] LoggedTheOtherOnly = ["First request from 203.0.113.8 in this window"];
    private static readonly string[] LoggedOncePerNetwork =
        ["First request from 2001:db8::/64 in this window", "First request from 2001:db8:0:1::/64 in this window"];

    private static readonly string[] AskedOncePerAddress = ["203.0.113.7", "203.0.113.8"];

    private FakeTimeProvider time = null!;
    private RecordingLogger<NewClientIpLogMiddleware> logger = null!;
    private int passedOn;

    [SetUp]
    public void CreateClock()
    {
        time = PasteApiFactory.NewFakeTime();
        logger = new RecordingLogger<NewClientIpLogMiddleware>();
        passedOn = 0;
    }

    [Test]
    public async Task In_one_process_an_address_is_logged_once_per_window()
    {
        var middleware = Middleware(sharedLog: null);

        await middleware.InvokeAsync(Request("203.0.113.7"));
        await middleware.InvokeAsync(Request("203.0.113.7"));
        time.Advance(Window);
        await middleware.InvokeAsync(Request("203.0.113.7"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Lines(), Is.EqualTo(LoggedTwice));
            Assert.That(passedOn, Is.EqualTo(3), "every request goes on");
        }
    }

    [Test]
    public async Task With_a_shared_log_only_the_instance_the_store_calls_first_logs_and_each_asks_once_per_window()
    {
        var shared = new SharedLog(alreadyLoggedElsewhere: "203.0.113.7");
        var middleware = Middleware(shared);

        await middleware.InvokeAsync(Request("203.0.113.7"));
        await middleware.InvokeAsync(Request("203.0.113.7"));
        await middleware.InvokeAsync(Request("203.0.113.8"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Lines(), Is.EqualTo(LoggedTheOtherOnly), "another instance logged 203.0.113.7");
            Assert.That(shared.Questions, Is.EqualTo(AskedOncePerAddress), "one question per address and window");
            Assert.That(passedOn, Is.EqualTo(3));
        }
    }

    [Test]
    public async Task The_addresses_of_one_ipv6_network_are_one_client_and_logged_once()
    {
        var middleware = Middleware(sharedLog: null);

        await middleware.InvokeAsync(Request("2001:db8::1"));
        await middleware.InvokeAsync(Request("2001:db8::2"));
        await middleware.InvokeAsync(Request("2001:db8::ffff:ffff:ffff:ffff"));
        await middleware.InvokeAsync(Request("2001:db8:0:1::1"));

        Assert.That(Lines(), Is.EqualTo(LoggedOncePerNetwork));
    }

    private NewClientIpLogMiddleware Middleware(IClientAddressLog? sharedLog) =>
        new(
            _ =>
            {
                passedOn++;
                return Task.CompletedTask;
            },
            time,
            Options.Create(new ForwardedHeadersSettings { NewIpLogWindow = Window }),
            new ClientBudgetKey(Options.Create(new RateLimitSettings())),
            logger,
            sharedLog);

    private string[] Lines() => [.. logger.Entries.Where(entry => entry.Level == LogLevel.Information).Select(entry => entry.Message)];

    private static DefaultHttpContext Request(string ip) => new() { Connection = { RemoteIpAddress = IPAddress.Parse(ip) } };

    /// <summary>A store in which another instance has logged one address already.</summary>
    private sealed class SharedLog(string alreadyLoggedElsewhere) : IClientAddressLog
    {
        public List<string> Questions { get; } = [];

        public ValueTask<bool> TryMarkNewAsync(string address, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
        {
            Questions.Add(address);
            return ValueTask.FromResult(address != alreadyLoggedElsewhere);
        }
    }
}
