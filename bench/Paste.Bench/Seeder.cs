using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Paste.Bench;

/// <summary>
/// Seeds pastes through a server's own <c>POST /</c> (Paste and bench/Paste.Reference alike): random bytes as
/// application/octet-stream, at most <c>concurrency</c> at a time, each answered 201 with a JSON <c>id</c>.
/// </summary>
internal static class Seeder
{
    /// <summary>Seeds <paramref name="count"/> pastes of <paramref name="bytes"/> bytes and writes their ids to <paramref name="idsFile"/>, one a line.</summary>
    public static async Task<string[]> SeedAsync(Uri baseUrl, int count, int concurrency, int bytes, string idsFile)
    {
        if (!baseUrl.IsLoopback)
        {
            throw new BenchException($"seeding goes to loopback addresses only, not {baseUrl}");
        }

        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var ids = new string[count];
        var next = -1;
        var started = DateTimeOffset.UtcNow;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => SeedSomeAsync()));
        }
        catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or TaskCanceledException or JsonException)
        {
            throw new BenchException($"seeding {baseUrl} failed: {exception.Message}");
        }

        await File.WriteAllLinesAsync(idsFile, ids);
        var seconds = (DateTimeOffset.UtcNow - started).TotalSeconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {count} pastes of {bytes} B in {seconds:0.0} s ({count / seconds:0} per second)"));
        return ids;

        async Task SeedSomeAsync()
        {
            var payload = new byte[bytes];
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
    }

    /// <summary>
    /// Reads each paste's raw bytes once, <paramref name="concurrency"/> at a time: a read of a paste not read for 60 s
    /// writes its access time, so that afterwards no measured read starts with a burst of such writes.
    /// </summary>
    public static async Task ReadEachAsync(Uri baseUrl, IReadOnlyList<string> ids, int concurrency)
    {
        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ids.Count)
            {
                using var response = await client.GetAsync(new Uri($"/{ids[i]}/raw", UriKind.Relative));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new BenchException($"GET /{ids[i]}/raw on {baseUrl} answered {(int)response.StatusCode}");
                }
            }
        }));
    }
}
