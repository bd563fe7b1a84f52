using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paste.Bench;

/// <summary>How a server's memory grew over one request: the RSS peak over its baseline and the VmHWM growth, in KiB.</summary>
internal sealed record MemoryResult(long RssBeforeKib, long RssPeakKib, long RssGrowthKib, long HwmGrowthKib, double Seconds, int Samples)
{
    [JsonIgnore]
    public bool Met => RssGrowthKib < BenchSettings.MemoryTargetMib * 1024 && HwmGrowthKib < BenchSettings.MemoryTargetMib * 1024;
}

/// <summary>
/// The memory of one 50 MiB upload and of its download, each on a freshly started and warmed-up server (the old one
/// keeps the freed heap committed and would hide the download's own growth); RSS is sampled every 20 ms.
/// </summary>
internal sealed class MemoryProbe(string uploadFile, string downloadFile, string smallPasteFile)
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Loads and jits the code paths of an authenticated create and of both reads before any baseline is taken.
    /// </summary>
    public async Task WarmUpAsync(Uri url)
    {
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        var body = await File.ReadAllBytesAsync(smallPasteFile);
        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync(new Uri("/health", UriKind.Relative))).EnsureSuccessStatusCode();
            using var content = new ByteArrayContent(body);
            var id = await CreateAsync(client, content);
            (await client.GetAsync(new Uri($"/{id}", UriKind.Relative))).EnsureSuccessStatusCode();
            (await client.GetAsync(new Uri($"/{id}/raw", UriKind.Relative))).EnsureSuccessStatusCode();
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    /// <summary>Uploads the 50 MiB file as an authenticated caller; returns the memory figures and the paste's id.</summary>
    public async Task<(MemoryResult Memory, string Id)> UploadAsync(ServerProcess server)
    {
        using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(5) };
        string? id = null;
        var memory = await TrackAsync(server.Id, async () =>
        {
            await using var file = File.OpenRead(uploadFile);
            using var content = new StreamContent(file);
            id = await CreateAsync(client, content);
        });
        return (memory, id!);
    }

    /// <summary>Downloads the paste and checks it byte for byte against the upload.</summary>
    public async Task<MemoryResult> DownloadAsync(ServerProcess server, string id)
    {
        using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(5) };
        var memory = await TrackAsync(server.Id, async () =>
        {
            using var response = await client.GetAsync(new Uri($"/{id}/raw", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new BenchException($"the download of {id} answered {(int)response.StatusCode}");
            }

            await using var target = File.Create(downloadFile);
            await response.Content.CopyToAsync(target);
        });
        var uploaded = await File.ReadAllBytesAsync(uploadFile);
        var downloaded = await File.ReadAllBytesAsync(downloadFile);
        if (!uploaded.AsSpan().SequenceEqual(downloaded))
        {
            throw new BenchException($"the download of {id} differs from the upload");
        }

        File.Delete(downloadFile);
        return memory;
    }

    private static async Task<string> CreateAsync(HttpClient client, HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/", UriKind.Relative)) { Content = content };
        request.Headers.Add("X-SSL-Client-SHA1", BenchSettings.ClientFingerprint);
        using var response = await client.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new BenchException($"a create answered {(int)response.StatusCode}: {answer[..Math.Min(500, answer.Length)]}");
        }

        using var json = JsonDocument.Parse(answer);
        return json.RootElement.GetProperty("id").GetString() ?? throw new BenchException($"a create's answer has no id: {answer}");
    }

    /// <summary>
    /// Runs <paramref name="action"/> while sampling the server's RSS. VmHWM cannot be reset, so its growth shows only
    /// once the earlier peak is exceeded.
    /// </summary>
    private static async Task<MemoryResult> TrackAsync(int pid, Func<Task> action)
    {
        var rssBefore = ReadKib(pid, "VmRSS");
        var hwmBefore = ReadKib(pid, "VmHWM");
        var peak = rssBefore;
        var samples = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(SampleInterval);
            do
            {
                peak = Math.Max(peak, ReadKib(pid, "VmRSS"));
                samples++;
            }
            while (await timer.WaitForNextTickAsync(stop.Token).AsTask().ContinueWith(tick => tick.IsCompletedSuccessfully && tick.Result, TaskScheduler.Default));
        });
        var started = Stopwatch.GetTimestamp();
        await action();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        // A last sample or ten after the response, when buffers may still be held.
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        await stop.CancelAsync();
        await sampler;
        return new MemoryResult(rssBefore, peak, peak - rssBefore, ReadKib(pid, "VmHWM") - hwmBefore, seconds, samples);
    }

    /// <summary>A field of /proc/&lt;pid&gt;/status, in kB.</summary>
    private static long ReadKib(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new BenchException($"/proc/{pid}/status has no {field}");
    }
}
