using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Paste.Api.Tests.Persistence;
using Paste.Api.Tests.Support;
using Paste.Infrastructure.Persistence;

namespace Paste.Api.Tests;

/// <summary>A full disk or database: creates are refused with 507, nothing half-written stays, reads go on, and it recovers.</summary>
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
}
