using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Paste.Api.Tests.Persistence;
using Paste.Api.Tests.Support;
using Paste.Infrastructure.Persistence;

namespace Paste.Api.Tests;

/// <summary>A full disk or database: creates are refused with 507, nothing half-written stays, reads go on, and it recovers.</summary>
// SQLite only: a full disk and Paste:Storage:MaxDatabaseBytes are the SQLite file's max_page_count; PostgreSQL's space is its server's.
public sealed class FullStorageTests
{
    [Test]
    public async Task A_create_that_finds_no_room_is_refused_with_507_while_reads_go_on_and_the_service_recovers()
    {
        await using var factory = new PasteApiFactory();
        using var client = factory.CreatePasteClient();
        var stored = await client.CreatePasteAsync("stored before the disk filled up");
        var (pastesBefore, contentsBefore) = (await factory.Database.CountAllAsync("Pastes"), await factory.Database.CountAllAsync("PasteContents"));

        // The writer's connection may not grow the database any more, as on a full disk.
        var writer = factory.Services.GetRequiredService<SqliteWriter>();
        await writer.WriteAsync(SqliteWriterTests.LimitToCurrentSize, CancellationToken.None);
        using var refused = await client.PostAsync(new Uri("/", UriKind.Relative), new ByteArrayContent(new byte[256 * 1024]));

        await ResponseAssert.ProblemAsync(refused, HttpStatusCode.InsufficientStorage);
        Assert.That(await factory.Database.CountAllAsync("Pastes"), Is.EqualTo(pastesBefore), "no paste row is left behind");
        Assert.That(await factory.Database.CountAllAsync("PasteContents"), Is.EqualTo(contentsBefore), "no content row is left behind");
        Assert.That(await client.GetRawBytesAsync(stored.Id), Is.EqualTo(TestData.Utf8("stored before the disk filled up")), "reads go on");
        using (var health = await client.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            var body = await ResponseAssert.JsonAsync(health, HttpStatusCode.OK);
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("degraded"));
            Assert.That(body.GetProperty("database").GetString(), Is.EqualTo("full"));
        }

        // Space is freed: creates work again and health is back.
        await writer.WriteAsync(SqliteWriterTests.LiftLimit, CancellationToken.None);
        var created = await client.CreatePasteAsync("stored after space was freed");
        Assert.That(await client.GetRawBytesAsync(created.Id), Is.EqualTo(TestData.Utf8("stored after space was freed")));
        using (var health = await client.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            var body = await ResponseAssert.JsonAsync(health, HttpStatusCode.OK);
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("healthy"));
        }
    }

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
