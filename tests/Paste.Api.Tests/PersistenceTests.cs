using System.Text;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

public sealed class PersistenceTests(StorageProvider provider) : StoreFixture(provider)
{
    [Test]
    public async Task The_application_stores_pastes_in_the_configured_database_file()
    {
        await using var factory = new PasteApiFactory(provider: Provider);
        using var client = factory.CreatePasteClient();

        var paste = await client.CreatePasteAsync("stored where the test said");

        Assert.That(await factory.Database.StoreCreatedAsync(), Is.True, "the connection string setting did not take effect");
        Assert.That(await factory.Database.RowsForAsync(paste.Id), Is.EqualTo((1L, 1L)));
    }

    [Test]
    public async Task A_paste_survives_a_restart_on_the_same_database()
    {
        using var database = new TestDatabase(Provider);
        var content = Encoding.UTF8.GetBytes("still here after a restart\n");
        NewPaste paste;

        await using (var first = new PasteApiFactory(database: database))
        {
            using var client = first.CreatePasteClient();
            paste = await client.CreatePasteAsync(content, "text/plain", Fingerprints.Alice);
        }

        await using var second = new PasteApiFactory(database: database);
        using var restarted = second.CreatePasteClient();

        Assert.That(await restarted.GetRawBytesAsync(paste.Id), Is.EqualTo(content));
        var metadata = await restarted.GetMetadataAsync(paste.Id);
        Assert.That(metadata.GetProperty("mime_type").GetString(), Is.EqualTo("text/plain"));

        // Ownership survives too: the owner can still delete it.
        using var deleted = await restarted.DeletePasteAsync(paste.Id, Fingerprints.Alice);
        Assert.That(deleted.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
    }
}
