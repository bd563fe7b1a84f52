using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.PasteLimits;

/// <summary>
/// Readers racing for a view-limited paste, through a real Kestrel so that the requests truly run side by side: exactly
/// as many get the content as reads were allowed, and everyone else gets 404.
/// </summary>
public sealed class ViewLimitConcurrencyTests(StorageProvider provider) : StoreFixture(provider)
{
    /// <summary>Beyond this size the content is not read with its metadata but streamed from the database.</summary>
    private const int StreamedBytes = 64 * 1024;

    private PasteApiFactory factory = null!;
    private HttpClient client = null!;

    [SetUp]
    public void StartApplication()
    {
        factory = new PasteApiFactory(useKestrel: true, provider: Provider);
        client = factory.CreatePasteClient();
    }

    [TearDown]
    public async Task StopApplication()
    {
        client.Dispose();
        await factory.DisposeAsync();
    }

    [Test]
    public async Task Of_64_readers_of_a_burn_after_reading_paste_exactly_one_gets_it()
    {
        var content = TestData.Utf8("for one reader only");
        var id = await CreateAsync(content, ("X-Paste-Burn", "1"));

        var reads = await ReadAllAtOnceAsync(id, 64);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reads.Count(r => r.Status == HttpStatusCode.OK), Is.EqualTo(1));
            Assert.That(reads.Count(r => r.Status == HttpStatusCode.NotFound), Is.EqualTo(63));
            Assert.That(reads.Single(r => r.Status == HttpStatusCode.OK).Body, Is.EqualTo(content));
        }
    }

    [Test]
    public async Task Of_64_readers_of_a_paste_allowing_five_reads_exactly_five_get_it()
    {
        var content = TestData.Utf8("for five readers");
        var id = await CreateAsync(content, ("X-Paste-Max-Views", "5"));

        var reads = await ReadAllAtOnceAsync(id, 64);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reads.Count(r => r.Status == HttpStatusCode.OK), Is.EqualTo(5));
            Assert.That(reads.Count(r => r.Status == HttpStatusCode.NotFound), Is.EqualTo(59));
            Assert.That(reads.Where(r => r.Status == HttpStatusCode.OK).Select(r => r.Body), Is.All.EqualTo(content));
        }

        Assert.That(await factory.Database.RowsForAsync(id), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task A_large_burn_after_reading_paste_is_served_whole_to_its_one_reader()
    {
        var content = TestData.RandomBytes(seed: 11, length: (5 * StreamedBytes) + 123);
        var id = await CreateAsync(content, ("X-Paste-Burn", "1"));

        var reads = await ReadAllAtOnceAsync(id, 16);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reads.Count(r => r.Status == HttpStatusCode.OK), Is.EqualTo(1));
            Assert.That(reads.Count(r => r.Status == HttpStatusCode.NotFound), Is.EqualTo(15));
            Assert.That(reads.Single(r => r.Status == HttpStatusCode.OK).Body, Is.EqualTo(content), "every byte, though the read deleted the paste");
        }

        Assert.That(await factory.Database.RowsForAsync(id), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task A_large_paste_allowing_two_reads_is_served_whole_twice_then_gone()
    {
        var content = TestData.RandomBytes(seed: 12, length: (3 * StreamedBytes) + 7);
        var id = await CreateAsync(content, ("X-Paste-Max-Views", "2"));

        var first = await client.GetRawBytesAsync(id);
        var second = await client.GetRawBytesAsync(id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(content));
            Assert.That(second, Is.EqualTo(content));
            Assert.That(await client.StatusOfAsync($"/{id}/raw"), Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    private async Task<string> CreateAsync(byte[] content, params (string Name, string Value)[] headers)
    {
        using var request = PasteApi.Post(PasteApi.Raw(content, "application/octet-stream"));
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return (await PasteApi.ReadCreatedAsync(await client.SendAsync(request))).Id;
    }

    /// <summary>Sends every read before any answer is awaited, and returns each read's status and body.</summary>
    private async Task<(HttpStatusCode Status, byte[] Body)[]> ReadAllAtOnceAsync(string id, int readers)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = Enumerable.Range(0, readers).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            using var response = await client.GetAsync(new Uri($"/{id}/raw", UriKind.Relative));
            return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
        })).ToArray();

        start.SetResult();
        return await Task.WhenAll(reads);
    }
}
