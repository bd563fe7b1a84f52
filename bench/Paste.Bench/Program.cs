using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

// Two tools for bench/run.sh, against a server on loopback only.
//
// Seeding: POSTs <count> raw pastes of <bytes> random bytes to <baseUrl>/, at
// most <concurrency> at a time, expects 201 with a JSON "id" for each, and writes the ids to <idsFile>, one a line.
// It works for Paste and for bench/Paste.Reference alike. Measuring is wrk's job (bench/run.sh), not this tool's.
// Usage: dotnet Paste.Bench.dll <baseUrl> <count> <concurrency> <bytes> <idsFile>
//
// The highlighting attack (HighlightAttack.cs): /health and raw-read latency alone, then while <attackers> callers view
// pages crafted to be costly to colour, <seconds> each run.
// Usage: dotnet Paste.Bench.dll highlight <baseUrl> <attackers> <seconds>
if (args is ["highlight", var attackUrl, var attackersText, var secondsText])
{
    if (!Uri.TryCreate(attackUrl, UriKind.Absolute, out var attackBase)
        || !IPAddress.TryParse(attackBase.Host, out var attackAddress) || !IPAddress.IsLoopback(attackAddress)
        || !int.TryParse(attackersText, CultureInfo.InvariantCulture, out var attackers) || attackers is < 1 or > 256
        || !int.TryParse(secondsText, CultureInfo.InvariantCulture, out var attackSeconds) || attackSeconds is < 1 or > 60)
    {
        Console.Error.WriteLine("Usage: Paste.Bench highlight <loopback baseUrl> <attackers 1..256> <seconds 1..60>");
        return 2;
    }

    try
    {
        return await HighlightAttack.RunAsync(attackBase, attackers, TimeSpan.FromSeconds(attackSeconds));
    }
    catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or TaskCanceledException or JsonException)
    {
        Console.Error.WriteLine($"The highlighting attack failed: {exception.Message}");
        return 1;
    }
}

if (args.Length != 5
    || !Uri.TryCreate(args[0], UriKind.Absolute, out var baseUrl)
    || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var count)
    || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var concurrency)
    || !int.TryParse(args[3], CultureInfo.InvariantCulture, out var pasteBytes))
{
    Console.Error.WriteLine("Usage: Paste.Bench <baseUrl> <count> <concurrency> <bytes> <idsFile>");
    return 2;
}

if (!IPAddress.TryParse(baseUrl.Host, out var address) || !IPAddress.IsLoopback(address))
{
    Console.Error.WriteLine("Refusing to send anything but to a loopback address.");
    return 2;
}

if (count is < 1 or > 1_000_000 || concurrency is < 1 or > 256 || pasteBytes is < 1 or > 3 * 1024 * 1024)
{
    Console.Error.WriteLine("count must be 1..1000000, concurrency 1..256 and bytes 1..3145728.");
    return 2;
}

using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
var ids = new string[count];
var next = -1;
var started = DateTimeOffset.UtcNow;

try
{
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => SeedAsync()));
}
catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or TaskCanceledException or JsonException)
{
    Console.Error.WriteLine($"Seeding failed: {exception.Message}");
    return 1;
}

await File.WriteAllLinesAsync(args[4], ids);
var seconds = (DateTimeOffset.UtcNow - started).TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {count} pastes of {pasteBytes} B in {seconds:0.0} s ({count / seconds:0} per second)"));
return 0;

async Task SeedAsync()
{
    var payload = new byte[pasteBytes];
    int i;
    while ((i = Interlocked.Increment(ref next)) < count)
    {
        Random.Shared.NextBytes(payload);
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PostAsync(new Uri("/", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST / answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        ids[i] = json.RootElement.GetProperty("id").GetString()
            ?? throw new InvalidOperationException($"POST / answered without an id: {body}");
    }
}
