using System.Buffers.Text;
using System.Security.Cryptography;
using System.Web;
using Paste.Client.Tests.Support;

namespace Paste.Client.Tests;

/// <summary>Every operation of the generated client against the real server, on its success path.</summary>
public sealed class PasteClientTests(StorageProvider provider) : ClientFixture(provider)
{
    [Test]
    public async Task Creates_a_text_paste()
    {
        var created = await Anonymous.CreatePasteAsync("deploy step 3 failed\nretrying in 5s\n");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.Id, Does.Match("^[A-Za-z0-9]{16}$"));
            Assert.That(created.Url, Is.EqualTo($"/{created.Id}"));
            Assert.That(created.Raw, Is.EqualTo($"/{created.Id}/raw"));
            Assert.That(created.MimeType, Is.EqualTo("text/plain"));
            Assert.That(created.CreatedAt, Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(60));
            Assert.That(created.Owner, Is.Null);
        }
    }

    [Test]
    public async Task Creates_a_binary_paste_from_a_stream_and_the_service_detects_png()
    {
        using var png = new MemoryStream(TestData.Png);

        var created = await Anonymous.CreatePasteAsync(png);

        Assert.That(created.MimeType, Is.EqualTo("image/png"));
        Assert.That(await RawBytesAsync(created.Id), Is.EqualTo(TestData.Png));
    }

    [Test]
    public async Task Reads_a_pastes_metadata()
    {
        var created = await Anonymous.CreatePasteAsync(TestData.Pdf);

        var metadata = await Anonymous.GetPasteMetadataAsync(created.Id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(metadata.Id, Is.EqualTo(created.Id));
            Assert.That(metadata.MimeType, Is.EqualTo("application/pdf"));
            Assert.That(metadata.Size, Is.EqualTo(TestData.Pdf.Length));
            Assert.That(metadata.CreatedAt, Is.EqualTo(created.CreatedAt));
            Assert.That(metadata.ExpiresAt, Is.GreaterThan(metadata.CreatedAt));
            Assert.That(metadata.Raw, Is.EqualTo(created.Raw));
        }
    }

    [Test]
    public async Task Every_byte_value_comes_back_as_it_was_sent()
    {
        var content = TestData.AllByteValues();
        var created = await Anonymous.CreatePasteAsync(content);

        using var raw = await Anonymous.GetPasteRawAsync(created.Id);
        using var received = new MemoryStream();
        await raw.Stream.CopyToAsync(received);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(raw.StatusCode, Is.EqualTo(200));
            Assert.That(created.MimeType, Is.EqualTo("application/octet-stream"));
            Assert.That(raw.Headers["Content-Type"].Single(), Is.EqualTo("application/octet-stream"));
            Assert.That(received.ToArray(), Is.EqualTo(content));
        }
    }

    [Test]
    public async Task An_identified_caller_owns_and_deletes_its_paste()
    {
        var created = await Alice.CreatePasteAsync("mine");

        var deleted = await Alice.DeletePasteAsync(created.Id);

        Assert.That(created.Owner, Is.EqualTo(Fingerprints.Alice));
        Assert.That(deleted.Message, Is.EqualTo("Paste deleted"));
        var gone = Assert.ThrowsAsync<PasteApiException<ErrorResponse>>(() => Anonymous.GetPasteMetadataAsync(created.Id));
        Assert.That(gone.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Lists_an_identified_callers_pastes_page_by_page_through_the_next_cursor()
    {
        var carol = NewClient(new ClientCertificateHeaderHandler(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))));
        var created = new[] { await carol.CreatePasteAsync("one"), await carol.CreatePasteAsync("two"), await carol.CreatePasteAsync("three") };
        await Alice.CreatePasteAsync("not carol's");

        var first = await carol.ListPastesAsync(limit: 2);
        var cursor = HttpUtility.ParseQueryString(new Uri(new Uri("http://paste.invalid"), first.Next).Query)["cursor"];
        var second = await carol.ListPastesAsync(cursor, limit: 2);

        var listed = first.Pastes.Concat(second.Pastes).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((first.Pastes.Count, second.Pastes.Count), Is.EqualTo((2, 1)));
            Assert.That(second.Next, Is.Null, "the last page");
            Assert.That(listed.Select(p => p.Id), Is.EquivalentTo(created.Select(p => p.Id)));
            Assert.That(listed.Select(p => p.CreatedAt), Is.Ordered.Descending);
            Assert.That(listed.Select(p => p.MimeType), Is.All.EqualTo("text/plain"));
        }
    }

    [Test]
    public async Task Reports_health()
    {
        var health = await Anonymous.GetHealthAsync();

        Assert.That((health.Status, health.Database), Is.EqualTo(("healthy", "ok")));
    }

    [Test]
    public async Task Describes_the_service()
    {
        var info = await Anonymous.GetServiceInfoAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(info.Name, Is.EqualTo("Paste"));
            Assert.That(info.Documentation, Is.EqualTo("/swagger"));
            Assert.That(info.Endpoints, Does.ContainKey("POST /"));
            Assert.That(info.Usage["raw"], Does.StartWith("curl --data-binary"));
        }
    }

    [Test]
    public async Task Gets_the_webhook_verification_key()
    {
        var key = await Anonymous.GetWebhookKeyAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(key.Status, Is.EqualTo("success"));
            Assert.That(key.Algorithm, Is.EqualTo("ed25519"));
            Assert.That(Base64.IsValid(key.Public, out var length) ? length : -1, Is.EqualTo(32));
            Assert.That(key.StandardWebhooks, Is.EqualTo("whpk_" + key.Public));
        }
    }

    [Test]
    public async Task Submits_a_text_paste_and_gets_its_absolute_address()
    {
        var submitted = await Anonymous.SubmitPasteAsync(new SubmitPasteRequest { C = "from a script" });

        Assert.That(submitted.Status, Is.EqualTo("success"));
        Assert.That(Uri.TryCreate(submitted.Url, UriKind.Absolute, out var url), Is.True, submitted.Url);
        var id = url!.Segments[^1];
        Assert.That(await RawBytesAsync(id), Is.EqualTo("from a script"u8.ToArray()));
    }

    private async Task<byte[]> RawBytesAsync(string id)
    {
        using var raw = await Anonymous.GetPasteRawAsync(id);
        using var bytes = new MemoryStream();
        await raw.Stream.CopyToAsync(bytes);
        return bytes.ToArray();
    }
}
