using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// A full database: creates are refused with 507, nothing half-written stays, reads go on, and it recovers. The cap of
/// <c>Paste:Storage:MaxDatabaseBytes</c> fills the file as a full disk would: SQLite answers both alike.
/// </summary>
// SQLite only: a full disk and Paste:Storage:MaxDatabaseBytes are the SQLite file's max_page_count; PostgreSQL's space is its server's.
public sealed class FullStorageTests
{
    [Test]
    public async Task The_real_service_at_its_database_cap_refuses_creates_with_507_and_recovers_once_pastes_are_deleted()
    {
        const int pasteSize = 128 * 1024;
        using var database = new TestDatabase();
        var settings = new Dictionary<string, string?>(PasteExecutable.Unthrottled) { ["Paste:Storage:MaxDatabaseBytes"] = "2097152" };
        var port = LoopbackPort.Free();
        await using var service = PasteExecutable.StartService(database, port, settings);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await PasteExecutable.WaitUntilHealthyAsync(service, client, client.BaseAddress);

        // 2 MiB hold at most 16 pastes of 128 KiB; the 17th cannot fit, whatever the schema takes.
        var owned = new List<(string Id, byte[] Body)>();
        HttpResponseMessage? refused = null;
        while (refused is null && owned.Count <= 16)
        {
            var body = TestData.RandomBytes(owned.Count, pasteSize);
            var response = await client.PostRawAsync(body, "application/octet-stream", Fingerprints.Alice);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                owned.Add(((await PasteApi.ReadCreatedAsync(response)).Id, body));
                response.Dispose();
            }
            else
            {
                refused = response;
            }
        }

        using (refused)
        {
            Assert.That(refused, Is.Not.Null, $"{owned.Count} pastes of {pasteSize} bytes fitted under a 2 MiB cap");
            await ResponseAssert.ProblemAsync(refused!, HttpStatusCode.InsufficientStorage);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await database.CountAllAsync("Pastes"), Is.EqualTo(owned.Count), "no paste row of the refused create is left behind");
            Assert.That(await database.CountAllAsync("PasteContents"), Is.EqualTo(owned.Count), "no content row of the refused create is left behind");
        }

        Assert.That(await HealthAsync(client), Is.EqualTo(("degraded", "full")));
        Assert.That(await client.GetRawBytesAsync(owned[0].Id), Is.EqualTo(owned[0].Body), "reads go on");

        // Deleting frees room inside the file: the next create fits, with no restart.
        foreach (var (id, _) in owned.Take(2))
        {
            using var deleted = await client.DeletePasteAsync(id, Fingerprints.Alice);
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var after = await client.CreatePasteAsync(TestData.RandomBytes(99, pasteSize), "application/octet-stream", Fingerprints.Alice);
        Assert.That(await client.GetRawBytesAsync(after.Id), Is.EqualTo(TestData.RandomBytes(99, pasteSize)));
        Assert.That(await HealthAsync(client), Is.EqualTo(("healthy", "ok")));
    }

    private static async Task<(string? Status, string? Database)> HealthAsync(HttpClient client)
    {
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        var body = await ResponseAssert.JsonAsync(health, HttpStatusCode.OK);
        return (body.GetProperty("status").GetString(), body.GetProperty("database").GetString());
    }
}
