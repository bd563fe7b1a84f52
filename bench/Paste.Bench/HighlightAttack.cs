using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Paste.Bench;

/// <summary>
/// How the paste page's colouring, which anyone can ask for, weighs on everyone else: one prober reads <c>/health</c>
/// and a 1 KiB paste's raw bytes, one after the other, first alone, then while <c>attackers</c> parallel callers view
/// pages of text crafted to make ColorCode's HTML rules backtrack (<c>&lt;a b=</c> repeated, 60 000 bytes, as
/// <c>?lang=html</c> with <c>Accept: text/html</c>): the same paste over and over, then a different paste each view.
/// The prober's latencies alone are the reference the others are divided by; a control run, the same views of the same
/// text as plain text (nothing to colour), shows what any flood of pages this size costs, colouring or not.
/// </summary>
internal static class HighlightAttack
{
    private const int CraftedRepeats = 12_000;
    private const string Crafted = "<a b=";

    /// <summary>Distinct crafted pastes for the second attack; a view past the last starts over with the first.</summary>
    private const int DistinctPastes = 300;

    /// <summary>Longer than any answer seen before colouring was bounded (26 s for /health under 200 attackers).</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>After an attack, for the pages still being coloured to finish before the next measurement.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public static async Task<HighlightResult> RunAsync(Uri baseUrl, int attackers, TimeSpan duration)
    {
        using var setup = new HttpClient { BaseAddress = baseUrl, Timeout = RequestTimeout };
        var reference = await CreateAsync(setup, Encoding.UTF8.GetBytes(new string('x', 1024)), "text/plain");
        var craftedText = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Crafted, CraftedRepeats)));
        var crafted = await CreateAsync(setup, craftedText, "text/html");
        var plain = await CreateAsync(setup, craftedText, "text/plain");
        var distinct = new string[DistinctPastes];
        for (var i = 0; i < distinct.Length; i++)
        {
            // A different text each, so that no colouring of one serves another.
            var text = string.Concat(Enumerable.Repeat(Crafted, CraftedRepeats - 4)) + i.ToString("D6", CultureInfo.InvariantCulture);
            distinct[i] = await CreateAsync(setup, Encoding.UTF8.GetBytes(text), "text/html");
        }

        // Warm-up: every path the prober and the attackers take, once, unmeasured.
        await setup.GetAsync(new Uri("/health", UriKind.Relative));
        await setup.GetAsync(new Uri($"/{reference}/raw", UriKind.Relative));
        using (var warm = PageRequest($"/{reference}?lang=html"))
        {
            using var _ = await setup.SendAsync(warm);
        }

        var alone = await MeasureAsync(baseUrl, reference, duration, attackers: 0, _ => "");
        var control = await MeasureAsync(baseUrl, reference, duration, attackers, _ => $"/{plain}");
        var samePaste = await MeasureAsync(baseUrl, reference, duration, attackers, _ => $"/{crafted}?lang=html");
        var distinctPastes = await MeasureAsync(baseUrl, reference, duration, attackers, view => $"/{distinct[view % distinct.Length]}?lang=html");
        return new HighlightResult(baseUrl.ToString(), attackers, duration.TotalSeconds,
        [
            alone.Row("alone"),
            control.Row("control: one plain-text page"),
            samePaste.Row("attack: one paste"),
            distinctPastes.Row($"attack: {DistinctPastes} distinct pastes"),
        ]);
    }

    /// <summary>The table of a run; the first row (alone) is the reference the others are divided by.</summary>
    public static void Print(TextWriter output, HighlightResult result)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Highlighting attack on {result.Url}: one prober (GET /health, then GET /{{id}}/raw of 1 KiB, in turn), {result.Seconds:0} s per run; {result.Attackers} attackers viewing 60 000-byte pages of \"<a b=\" as ?lang=html"));
        output.WriteLine("ratio = p50 or p99 under attack / the same alone; views = attack pages answered (non-200 or failed in brackets), page p50 their latency");
        const string format = "{0,-34} {1,9} {2,9} {3,9} {4,9} | {5,7} {6,7} {7,7} {8,7} | {9,12} {10,11}";
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, format,
            "run", "health50", "health99", "raw50", "raw99", "h50 x", "h99 x", "r50 x", "r99 x", "views", "page p50"));
        var alone = result.Rows[0];
        foreach (var row in result.Rows)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, format,
                row.Run,
                Ms(row.HealthP50Ms), Ms(row.HealthP99Ms), Ms(row.RawP50Ms), Ms(row.RawP99Ms),
                Ratio(row.HealthP50Ms, alone.HealthP50Ms), Ratio(row.HealthP99Ms, alone.HealthP99Ms),
                Ratio(row.RawP50Ms, alone.RawP50Ms), Ratio(row.RawP99Ms, alone.RawP99Ms),
                row.Views == 0 ? "-" : $"{row.Views} ({row.FailedViews})",
                row.Views == 0 ? "-" : Ms(row.PageP50Ms)));
        }
    }

    public static string Ms(double milliseconds) => milliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Ratio(double value, double reference) =>
        reference > 0 ? (value / reference).ToString("0.0", CultureInfo.InvariantCulture) : "n/a";

    private static HttpRequestMessage PageRequest(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return request;
    }

    private static async Task<string> CreateAsync(HttpClient client, byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(new Uri("/", UriKind.Relative), content);
        var answer = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST / answered {(int)response.StatusCode}: {answer}");
        }

        using var json = JsonDocument.Parse(answer);
        return json.RootElement.GetProperty("id").GetString() ?? throw new InvalidOperationException($"POST / answered without an id: {answer}");
    }

    /// <summary>The prober for <paramref name="duration"/>, beside <paramref name="attackers"/> callers viewing the pages <paramref name="pageFor"/> names.</summary>
    private static async Task<Run> MeasureAsync(Uri baseUrl, string reference, TimeSpan duration, int attackers, Func<int, string> pageFor)
    {
        // Own clients: the prober's requests never queue behind the attackers' for a connection.
        using var probe = new HttpClient { BaseAddress = baseUrl, Timeout = RequestTimeout };
        using var attack = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(1, attackers) })
        {
            BaseAddress = baseUrl,
            Timeout = RequestTimeout,
        };
        using var stop = new CancellationTokenSource();
        var pageLatencies = new List<double>();
        var failedViews = 0;
        var nextView = -1;

        var attacks = Enumerable.Range(0, attackers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var request = PageRequest(pageFor(Interlocked.Increment(ref nextView)));
                    using var response = await attack.SendAsync(request, stop.Token);
                    await response.Content.ReadAsByteArrayAsync(stop.Token);
                    lock (pageLatencies)
                    {
                        pageLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        failedViews += response.StatusCode == HttpStatusCode.OK ? 0 : 1;
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or OperationCanceledException)
                {
                    if (!stop.IsCancellationRequested)
                    {
                        lock (pageLatencies)
                        {
                            failedViews++;
                        }
                    }
                }
            }
        })).ToArray();

        // The attack gets a moment to reach the server before the prober starts.
        if (attackers > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var health = new List<double>();
        var raw = new List<double>();
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            health.Add(await TimeAsync(probe, "/health"));
            raw.Add(await TimeAsync(probe, $"/{reference}/raw"));
        }

        await stop.CancelAsync();
        await Task.WhenAll(attacks);
        if (attackers > 0)
        {
            await Task.Delay(Settle);
        }

        lock (pageLatencies)
        {
            return new Run(Percentiles.Of(health), Percentiles.Of(raw), pageLatencies.Count, failedViews,
                pageLatencies.Count == 0 ? 0 : Percentiles.Of(pageLatencies).P50);
        }
    }

    private static async Task<double> TimeAsync(HttpClient client, string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}");
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private sealed record Run(Percentiles Health, Percentiles Raw, int Views, int FailedViews, double PageP50)
    {
        public HighlightRow Row(string label) => new(label, Health.P50, Health.P99, Raw.P50, Raw.P99, Views, FailedViews, PageP50);
    }

    private sealed record Percentiles(double P50, double P99)
    {
        public static Percentiles Of(List<double> milliseconds)
        {
            var sorted = milliseconds.Order().ToArray();
            return new Percentiles(At(0.50), At(0.99));

            double At(double fraction) => sorted.Length == 0 ? 0 : sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
        }
    }
}

/// <summary>One run of the prober: its latencies, and the attack pages answered beside it.</summary>
internal sealed record HighlightRow(string Run, double HealthP50Ms, double HealthP99Ms, double RawP50Ms, double RawP99Ms, int Views, int FailedViews, double PageP50Ms);

internal sealed record HighlightResult(string Url, int Attackers, double Seconds, IReadOnlyList<HighlightRow> Rows);
