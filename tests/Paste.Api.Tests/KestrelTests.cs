using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// What only the real server can show: the in-memory test server has no request body size limit of its own,
/// so these run against Kestrel on 127.0.0.1 and an ephemeral port.
/// </summary>
public sealed class KestrelTests(StorageProvider provider) : StoreFixture(provider)
{
    [Test]
    public async Task A_40_MiB_authenticated_paste_passes_kestrels_default_body_limit()
    {
        // Kestrel refuses bodies over about 28.6 MiB unless the application lifts its limit for paste uploads.
        const int size = 40 * 1024 * 1024;
        var content = TestData.RandomBytes(7, size);
        await using var factory = new PasteApiFactory(useKestrel: true, provider: Provider);
        using var client = factory.CreatePasteClient();
        client.Timeout = TimeSpan.FromSeconds(60);

        var paste = await client.CreatePasteAsync(content, "application/octet-stream", Fingerprints.Alice);

        var metadata = await client.GetMetadataAsync(paste.Id);
        Assert.That(metadata.GetProperty("size").GetInt64(), Is.EqualTo(size));
        using var raw = await client.GetAsync(new Uri($"/{paste.Id}/raw", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.That(ResponseAssert.Header(raw, "Content-Length"), Is.EqualTo(size.ToString(CultureInfo.InvariantCulture)));
        await using var stream = await raw.Content.ReadAsStreamAsync();
        Assert.That(await SHA256.HashDataAsync(stream), Is.EqualTo(SHA256.HashData(content)));
    }

    [Test]
    public async Task Kestrel_refuses_an_anonymous_declared_length_over_the_limit()
    {
        await using var factory = new PasteApiFactory(new Dictionary<string, string?> { ["Paste:MaxAnonymousBytes"] = "1024" }, useKestrel: true, provider: Provider);
        using var client = factory.CreatePasteClient();

        using var response = await client.PostRawAsync(TestData.Filled(4096), "text/plain");

        var problem = await ResponseAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "Paste too large");
        Assert.That(problem.GetProperty("size").GetInt64(), Is.EqualTo(4096));
        ResponseAssert.HasSecurityHeaders(response);
    }

    [Test]
    public async Task Kestrel_cuts_off_a_chunked_body_one_byte_past_the_limit()
    {
        await using var factory = new PasteApiFactory(new Dictionary<string, string?> { ["Paste:MaxAnonymousBytes"] = "1024" }, useKestrel: true, provider: Provider);
        using var client = factory.CreatePasteClient();

        using var response = await client.PostAsync(PasteApi.Chunked(TestData.Filled(64 * 1024), "text/plain"));

        var problem = await ResponseAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "Paste too large");
        Assert.That(problem.GetProperty("size").GetInt64(), Is.EqualTo(1025));
        Assert.That(problem.GetProperty("max_size").GetInt64(), Is.EqualTo(1024));

        // The connection is still usable, or a fresh one is: the service keeps serving.
        Assert.That(await client.StatusOfAsync("/health"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Kestrel_round_trips_a_chunked_body_within_the_limit()
    {
        await using var factory = new PasteApiFactory(useKestrel: true, provider: Provider);
        using var client = factory.CreatePasteClient();
        var content = TestData.AllByteValues();

        using var response = await client.PostAsync(PasteApi.Chunked(content));

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.Location?.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(await client.GetRawBytesAsync(paste.Id), Is.EqualTo(content));
    }
}
