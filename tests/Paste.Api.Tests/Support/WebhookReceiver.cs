using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Paste.Api.Tests.Support;

/// <summary>
/// One request as a <see cref="WebhookReceiver"/> got it: headers and the raw body, byte for byte, and the status it
/// was answered with (null while the receiver is holding back its answer, or when it never gave one).
/// </summary>
public sealed record ReceivedWebhook(
    string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, HttpStatusCode? Answer, DateTimeOffset ReceivedAt)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public bool Succeeded => Answer is { } answer && (int)answer is >= 200 and < 300;

    /// <summary>The body parsed as JSON; fails the test when it is not JSON.</summary>
    public JsonElement Json()
    {
        try
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            Assert.Fail($"Webhook body is not JSON ({exception.Message}): {BodyText}");
            throw;
        }
    }

    /// <summary>The <c>url</c> member of the notification, or null when there is none.</summary>
    public string? PasteUrl()
    {
        try
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("url", out var url)
                && url.ValueKind == JsonValueKind.String
                    ? url.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString() =>
        $"{Method} {Path} at {ReceivedAt:HH:mm:ss.fff} answered {(Answer is { } answer ? ((int)answer).ToString(CultureInfo.InvariantCulture) : "nothing")}, "
        + $"webhook-id {Header("webhook-id")}: {BodyText}";
}

/// <summary>
/// A real HTTP server on 127.0.0.1 that records every request it gets. It answers 200 unless told otherwise, can
/// answer late (to exceed the sender's timeout), and can be down: a port that refuses connections, brought up later.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string HookPath = "/hook";

    private readonly Lock gate = new();
    private readonly List<ReceivedWebhook> received = [];
    private readonly Queue<HttpStatusCode> scripted = new();
    private WebApplication? app;

    private WebhookReceiver(int port)
    {
        Port = port;
    }

    /// <summary>The port; 0 until a receiver created by <see cref="StartAsync"/> has bound one.</summary>
    public int Port { get; private set; }

    /// <summary>Where to send notifications.</summary>
    public Uri Url => Port == 0 ? throw new InvalidOperationException("The receiver has no port yet.") : new Uri($"http://127.0.0.1:{Port}{HookPath}");

    /// <summary>The answer to every request that no <see cref="AnswerNext"/> status is left for.</summary>
    public HttpStatusCode DefaultAnswer { get; set; } = HttpStatusCode.OK;

    /// <summary>How long to wait before answering; a sender with a shorter timeout sees no answer at all.</summary>
    public TimeSpan AnswerDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (gate)
            {
                return [.. received];
            }
        }
    }

    /// <summary>A receiver that is listening on an ephemeral port of 127.0.0.1.</summary>
    public static async Task<WebhookReceiver> StartAsync(HttpStatusCode defaultAnswer = HttpStatusCode.OK)
    {
        var receiver = new WebhookReceiver(0) { DefaultAnswer = defaultAnswer };
        await receiver.UpAsync();
        return receiver;
    }

    /// <summary>
    /// A receiver that is down: its port was free a moment ago and nothing listens on it, so connections are refused
    /// until <see cref="UpAsync"/>.
    /// </summary>
    public static WebhookReceiver Down() => new(LoopbackPort.Free());

    /// <summary>Answers the next requests with these statuses, in order, then with <see cref="DefaultAnswer"/> again.</summary>
    public void AnswerNext(params HttpStatusCode[] statuses)
    {
        lock (gate)
        {
            foreach (var status in statuses)
            {
                scripted.Enqueue(status);
            }
        }
    }

    /// <summary>Starts listening (again), on the same port as before when it had one.</summary>
    public async Task UpAsync()
    {
        if (app is not null)
        {
            return;
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, Port));
        var started = builder.Build();
        var stopping = started.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        started.Run(context => RecordAsync(context, stopping));
        await started.StartAsync();

        var address = started.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Port = new Uri(address).Port;
        app = started;
    }

    /// <summary>Stops listening: from now on connections are refused.</summary>
    public async Task DownAsync()
    {
        if (app is not { } running)
        {
            return;
        }

        app = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await running.StopAsync(timeout.Token);
        await running.DisposeAsync();
    }

    /// <summary>Waits, within a bounded time, until the requests received so far satisfy <paramref name="done"/>.</summary>
    public Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(
            () => Task.FromResult(Received),
            done,
            what,
            seen => seen.Count == 0 ? "nothing received" : string.Join(Environment.NewLine, seen),
            timeout);

    /// <summary>Every request that announced the paste at <paramref name="pasteUrl"/>, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> For(string pasteUrl) => [.. Received.Where(r => r.PasteUrl() == pasteUrl)];

    /// <summary>Waits for a request announcing <paramref name="pasteUrl"/> that was answered with a 2xx; returns it.</summary>
    public async Task<ReceivedWebhook> WaitForDeliveryAsync(string pasteUrl, TimeSpan? timeout = null)
    {
        var seen = await WaitForAsync(all => all.Any(r => r.Succeeded && r.PasteUrl() == pasteUrl), $"a delivered notification of {pasteUrl} at {Port}", timeout);
        return seen.First(r => r.Succeeded && r.PasteUrl() == pasteUrl);
    }

    /// <summary>
    /// Waits, within a bounded time, until each of <paramref name="pasteUrls"/> has been announced by a request answered
    /// with a 2xx; returns every such request of each, in arrival order (more than one where a delivery was repeated).
    /// </summary>
    public Task<IReadOnlyDictionary<string, IReadOnlyList<ReceivedWebhook>>> WaitForDeliveriesAsync(IReadOnlyCollection<string> pasteUrls, TimeSpan timeout)
    {
        var wanted = pasteUrls.ToHashSet(StringComparer.Ordinal);

        // The paste URL of each request by arrival index: a body never changes once received, so with thousands of
        // requests each is parsed once rather than on every poll. Requests are only ever appended.
        var urls = new List<string?>();
        return Eventually.ReturnsAsync(
            () =>
            {
                var all = Received;
                urls.AddRange(all.Skip(urls.Count).Select(request => request.PasteUrl()));
                IReadOnlyDictionary<string, IReadOnlyList<ReceivedWebhook>> delivered = all
                    .Select((request, index) => (Request: request, Url: urls[index]))
                    .Where(r => r.Request.Succeeded && r.Url is not null && wanted.Contains(r.Url))
                    .GroupBy(r => r.Url!, r => r.Request, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, IReadOnlyList<ReceivedWebhook> (g) => [.. g], StringComparer.Ordinal);
                return Task.FromResult(delivered);
            },
            delivered => delivered.Count == wanted.Count,
            $"a delivered notification of each of {wanted.Count} pastes at {Port}",
            delivered => $"{wanted.Count - delivered.Count} not delivered in {urls.Count} requests received, among them: "
                + string.Join(", ", wanted.Where(url => !delivered.ContainsKey(url)).Take(20)),
            timeout);
    }

    public async ValueTask DisposeAsync() => await DownAsync();

    private HttpStatusCode NextAnswer()
    {
        lock (gate)
        {
            return scripted.TryDequeue(out var status) ? status : DefaultAnswer;
        }
    }

    private async Task RecordAsync(HttpContext context, CancellationToken stopping)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var answer = NextAnswer();
        var delay = AnswerDelay;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new ReceivedWebhook(
            context.Request.Method, context.Request.Path, headers, body.ToArray(), delay > TimeSpan.Zero ? null : answer, DateTimeOffset.UtcNow);
        int index;
        lock (gate)
        {
            index = received.Count;
            received.Add(request);
        }

        if (delay > TimeSpan.Zero)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            try
            {
                await Task.Delay(delay, linked.Token);
            }
            catch (OperationCanceledException)
            {
                // The sender gave up, or the receiver is stopping: nobody is waiting for the answer any more.
                return;
            }

            lock (gate)
            {
                received[index] = request with { Answer = answer };
            }
        }

        context.Response.StatusCode = (int)answer;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(((int)answer).ToString(CultureInfo.InvariantCulture), CancellationToken.None);
    }
}
