using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.PasteLimits;

/// <summary>
/// A create as a FlaskPaste client sends it, with none of the new inputs: the paste lives by the service's expiry alone
/// and is read as often as anyone likes; the answer only gains members.
/// </summary>
public sealed class PlainCreateTests(StorageProvider provider) : ApiFixture(provider)
{
    private static readonly string[] AnonymousCreateMembers = ["id", "url", "raw", "mime_type", "created_at", "expires_at", "delete_token", "sha256"];
    private static readonly string[] MetadataMembers = ["id", "mime_type", "size", "created_at", "expires_at", "raw", "sha256"];
    private static readonly long DefaultExpirySeconds = (long)TimeSpan.FromDays(5).TotalSeconds;

    [Test]
    public async Task The_answer_keeps_its_members_and_adds_the_expiry_the_token_and_the_digest()
    {
        var paste = await Client.CreatePasteAsync("plain old paste");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.Body.EnumerateObject().Select(p => p.Name), Is.EqualTo(AnonymousCreateMembers));
            Assert.That(paste.Body.GetProperty("expires_at").GetInt64(), Is.EqualTo(paste.CreatedAt + DefaultExpirySeconds));
        }
    }

    [Test]
    public async Task The_metadata_has_no_view_count_and_expires_after_the_last_read()
    {
        var paste = await Client.CreatePasteAsync("plain old paste");

        var metadata = await Client.GetMetadataAsync(paste.Id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(metadata.EnumerateObject().Select(p => p.Name), Is.EqualTo(MetadataMembers));
            Assert.That(metadata.GetProperty("expires_at").GetInt64(), Is.InRange(paste.CreatedAt + DefaultExpirySeconds, paste.CreatedAt + DefaultExpirySeconds + 60));
        }
    }

    [Test]
    public async Task The_content_is_read_as_often_as_anyone_likes_and_in_ranges()
    {
        var paste = await Client.CreatePasteAsync("plain old paste");

        for (var read = 0; read < 10; read++)
        {
            Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(TestData.Utf8("plain old paste")), $"read {read + 1}");
        }

        using var range = await Client.RawAsync(paste.Id, ("Range", "bytes=0-4"));
        Assert.That(range.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
    }

    [Test]
    public async Task The_json_document_and_the_page_still_show_the_text()
    {
        var paste = await Client.CreatePasteAsync("plain old paste");
        using var documentRequest = new HttpRequestMessage(HttpMethod.Get, $"/{paste.Id}");
        documentRequest.Headers.TryAddWithoutValidation("Accept", "application/json");

        using var document = await Client.SendAsync(documentRequest);
        using var page = await Client.SendAsync(Pages.Browser.Navigate($"/{paste.Id}"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await ResponseAssert.JsonAsync(document, HttpStatusCode.OK)).GetProperty("data").GetString(), Is.EqualTo("plain old paste"));
            Assert.That(await ResponseAssert.PageAsync(page, HttpStatusCode.OK), Does.Contain("plain old paste"));
        }
    }

    [Test]
    public async Task An_owner_still_deletes_its_paste_by_identity()
    {
        var paste = await Client.CreatePasteAsync("plain old paste", Fingerprints.Alice);

        using var response = await Client.DeletePasteAsync(paste.Id, Fingerprints.Alice);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
