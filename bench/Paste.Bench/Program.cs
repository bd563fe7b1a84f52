using System.Diagnostics;
using System.Net;
using System.Text.Json;

// Bounded load against a running Paste on loopback: creates with N concurrent writers, then reads of what was created.
// Usage: dotnet run -c Release --project bench/Paste.Bench -- [baseUrl] [requests] [concurrency] [pasteBytes]
var baseUrl = new Uri(args.ElementAtOrDefault(0) ?? "http://127.0.0.1:5000/");
var requests = int.Parse(args.ElementAtOrDefault(1) ?? "2000", System.Globalization.CultureInfo.InvariantCulture);
var concurrency = int.Parse(args.ElementAtOrDefault(2) ?? "32", System.Globalization.CultureInfo.InvariantCulture);
var pasteBytes = int.Parse(args.ElementAtOrDefault(3) ?? "1024", System.Globalization.CultureInfo.InvariantCulture);

if (!IPAddress.TryParse(baseUrl.Host, out var address) ? baseUrl.Host != "localhost" : !IPAddress.IsLoopback(address))
{
    Console.Error.WriteLine("Refusing to load anything but a loopback address.");
    return 2;
}

if (requests is < 1 or > 100_000 || concurrency is < 1 or > 256)
{
    Console.Error.WriteLine("requests must be 1..100000 and concurrency 1..256.");
    return 2;
}

using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
var payload = new byte[pasteBytes];
Random.Shared.NextBytes(payload);
var ids = new string[requests];

var create = await RunAsync("create", async i =>
{
    using var content = new ByteArrayContent(payload);
    using var response = await client.PostAsync(new Uri("/", UriKind.Relative), content);
    using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
    ids[i] = json.RootElement.GetProperty("id").GetString()!;
    return response.StatusCode == HttpStatusCode.Created;
});

var read = await RunAsync("read raw", async i =>
{
    using var response = await client.GetAsync(new Uri($"/{ids[i]}/raw", UriKind.Relative));
    var body = await response.Content.ReadAsByteArrayAsync();
    return response.StatusCode == HttpStatusCode.OK && body.AsSpan().SequenceEqual(payload);
});

return create && read ? 0 : 1;

async Task<bool> RunAsync(string name, Func<int, Task<bool>> operation)
{
    var latencies = new double[requests];
    var failures = 0;
    var next = -1;
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < requests)
        {
            var started = Stopwatch.GetTimestamp();
            var ok = await operation(i);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!ok)
            {
                Interlocked.Increment(ref failures);
            }
        }
    }));
    total.Stop();
    Array.Sort(latencies);
    double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
    Console.WriteLine(
        $"{name,-9} {requests} requests, {concurrency} concurrent, {pasteBytes} B: {requests / total.Elapsed.TotalSeconds,8:0} req/s  " +
        $"p50 {Percentile(0.50),6:0.0} ms  p95 {Percentile(0.95),6:0.0} ms  p99 {Percentile(0.99),6:0.0} ms  max {latencies[^1],6:0.0} ms  failures {failures}");
    return failures == 0;
}
