using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

public sealed class ConcurrencyTests(StorageProvider provider) : ApiFixture(provider)
{
    [Test]
    public async Task Fifty_parallel_creates_all_succeed_with_distinct_ids()
    {
        var contents = Enumerable.Range(0, 50).Select(i => TestData.Utf8($"parallel paste {i}\n")).ToArray();

        var pastes = await Task.WhenAll(contents.Select((content, i) =>
            Client.CreatePasteAsync(content, "text/plain", i % 2 == 0 ? Fingerprints.Alice : null)));

        Assert.That(pastes.Select(p => p.Id).Distinct().Count(), Is.EqualTo(50));
        var readBack = await Task.WhenAll(pastes.Select(p => Client.GetRawBytesAsync(p.Id)));
        for (var i = 0; i < contents.Length; i++)
        {
            Assert.That(readBack[i], Is.EqualTo(contents[i]), $"paste {i}");
        }
    }

    [Test]
    public async Task Parallel_reads_writes_and_deletes_never_fail()
    {
        var shared = await Client.CreatePasteAsync("read by everyone");
        var doomed = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Client.CreatePasteAsync($"doomed {i}", Fingerprints.Bob)));

        var work = new List<Task<HttpStatusCode>>();
        for (var i = 0; i < 20; i++)
        {
            work.Add(Client.StatusOfAsync($"/{shared.Id}/raw"));
            work.Add(Client.StatusOfAsync($"/{shared.Id}"));
            work.Add(StatusAsync(Client.PostRawAsync(TestData.Utf8($"new {i}"), "text/plain")));
            work.Add(StatusAsync(Client.DeletePasteAsync(doomed[i].Id, Fingerprints.Bob)));
        }

        var statuses = await Task.WhenAll(work);

        Assert.That(statuses, Is.All.AnyOf(HttpStatusCode.OK, HttpStatusCode.Created));
    }

    private static async Task<HttpStatusCode> StatusAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return response.StatusCode;
    }
}
