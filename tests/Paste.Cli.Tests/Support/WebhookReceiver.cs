using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Paste.Cli.Tests.Support;

/// <summary>
/// A receiver of the service's announcements: a real HTTP server on an ephemeral port of 127.0.0.1 that answers 200
/// to every request and keeps each one as it arrived, for the tests to hand to <c>paste verify-webhook</c>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>Long enough for the service's background delivery on a loaded machine, short enough to fail a lost one quickly.</summary>
    private static readonly TimeSpan WaitAtMost = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(25);

    private readonly ConcurrentQueue<ReceivedRequest> received = new();
    private WebApplication? app;

    private WebhookReceiver()
    {
    }

    /// <summary>Where the service should send its announcements.</summary>
    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(receiver.RecordAsync);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver.Url = new Uri(new Uri(address), "/hook");
        receiver.app = app;
        return receiver;
    }

    /// <summary>Waits, within a bounded time, for a request that <paramref name="wanted"/> accepts; fails the test when none comes.</summary>
    public async Task<ReceivedRequest> WaitForAsync(Func<ReceivedRequest, bool> wanted, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (received.FirstOrDefault(wanted) is { } request)
            {
                return request;
            }

            if (clock.Elapsed > WaitAtMost)
            {
                Assert.Fail($"Waited {WaitAtMost.TotalSeconds:0} s for {what}; received: {string.Join(Environment.NewLine, received)}");
            }

            await Task.Delay(PollEvery);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task RecordAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        received.Enqueue(new ReceivedRequest(
            $"{context.Request.Method} {target} {context.Request.Protocol}",
            [.. context.Request.Headers.Select(header => KeyValuePair.Create(header.Key, header.Value.ToString()))],
            body.ToArray()));
        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
