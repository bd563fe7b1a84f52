using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

public sealed class DeletePasteTests(StorageProvider provider) : ApiFixture(provider)
{
    [Test]
    public async Task The_owner_deletes_a_paste_and_it_is_gone()
    {
        var paste = await Client.CreatePasteAsync("delete me", Fingerprints.Alice);

        using var response = await Client.DeletePasteAsync(paste.Id, Fingerprints.Alice);

        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("Paste deleted"));
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}/raw"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await Factory.Database.RowsForAsync(paste.Id), Is.EqualTo((0L, 0L)), "metadata and content rows are both removed");
    }

    [Test]
    public async Task Deleting_twice_is_not_found_the_second_time()
    {
        var paste = await Client.CreatePasteAsync("once", Fingerprints.Alice);
        (await Client.DeletePasteAsync(paste.Id, Fingerprints.Alice)).Dispose();

        using var again = await Client.DeletePasteAsync(paste.Id, Fingerprints.Alice);

        await ResponseAssert.ProblemAsync(again, HttpStatusCode.NotFound, "Paste not found");
    }

    [Test]
    public async Task An_anonymous_caller_must_authenticate()
    {
        var paste = await Client.CreatePasteAsync("owned by alice", Fingerprints.Alice);

        using var response = await Client.DeletePasteAsync(paste.Id);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "Authentication required");
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Another_owner_is_forbidden()
    {
        var paste = await Client.CreatePasteAsync("owned by alice", Fingerprints.Alice);

        using var response = await Client.DeletePasteAsync(paste.Id, Fingerprints.Bob);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.Forbidden, "Permission denied");
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task An_anonymous_paste_cannot_be_deleted_by_anyone()
    {
        var paste = await Client.CreatePasteAsync("nobody's");

        using var byAlice = await Client.DeletePasteAsync(paste.Id, Fingerprints.Alice);
        using var anonymously = await Client.DeletePasteAsync(paste.Id);

        await ResponseAssert.ProblemAsync(byAlice, HttpStatusCode.Forbidden);
        await ResponseAssert.ProblemAsync(anonymously, HttpStatusCode.Unauthorized);
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task An_unknown_id_is_not_found_for_an_authenticated_caller()
    {
        using var response = await Client.DeletePasteAsync("ZZZZZZZZZZZZZZZZ", Fingerprints.Alice);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.NotFound, "Paste not found");
    }

    [TestCase("bad", null)]
    [TestCase("bad", Fingerprints.Alice)]
    [TestCase("abcdefghijklmnopq", Fingerprints.Alice)]
    [TestCase("abcdefgh-ijklmno", null)]
    public async Task A_malformed_id_is_a_bad_request(string id, string? fingerprint)
    {
        using var response = await Client.DeletePasteAsync(id, fingerprint);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "Invalid paste ID format");
    }

    [Test]
    public async Task Deleting_one_paste_leaves_the_others()
    {
        var kept = await Client.CreatePasteAsync("kept", Fingerprints.Alice);
        var deleted = await Client.CreatePasteAsync("deleted", Fingerprints.Alice);

        (await Client.DeletePasteAsync(deleted.Id, Fingerprints.Alice)).Dispose();

        Assert.That(await Client.GetRawBytesAsync(kept.Id), Is.EqualTo(TestData.Utf8("kept")));
    }
}
