using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

public sealed class ReadPasteTests(StorageProvider provider) : ApiFixture(provider)
{
    [Test]
    public async Task Metadata_describes_the_paste_without_its_content()
    {
        var content = TestData.Utf8("metadata only\n");
        var paste = await Client.CreatePasteAsync(content, "text/plain", Fingerprints.Alice);

        var metadata = await Client.GetMetadataAsync(paste.Id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(metadata.GetProperty("id").GetString(), Is.EqualTo(paste.Id));
            Assert.That(metadata.GetProperty("mime_type").GetString(), Is.EqualTo("text/plain"));
            Assert.That(metadata.GetProperty("size").GetInt64(), Is.EqualTo(content.Length));
            Assert.That(metadata.GetProperty("created_at").GetInt64(), Is.EqualTo(paste.CreatedAt));
            Assert.That(metadata.GetProperty("raw").GetString(), Is.EqualTo($"/{paste.Id}/raw"));
            Assert.That(metadata.GetProperty("expires_at").GetInt64(), Is.GreaterThan(paste.CreatedAt));
            Assert.That(metadata.TryGetProperty("content", out _), Is.False);
        }
    }

    [Test]
    public async Task Metadata_size_counts_bytes_not_characters()
    {
        var content = TestData.Utf8("\u00e9\u00e9\u00e9\U0001F40D");

        var paste = await Client.CreatePasteAsync(content);

        Assert.That((await Client.GetMetadataAsync(paste.Id)).GetProperty("size").GetInt64(), Is.EqualTo(content.Length));
    }

    [Test]
    public async Task Metadata_expires_five_days_after_the_last_read_by_default()
    {
        var paste = await Client.CreatePasteAsync("default expiry");

        var metadata = await Client.GetMetadataAsync(paste.Id);

        var expiresIn = metadata.GetProperty("expires_at").GetInt64() - DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.That(expiresIn, Is.InRange(TimeSpan.FromDays(5).TotalSeconds - 120, TimeSpan.FromDays(5).TotalSeconds + 1));
    }

    private static IEnumerable<TestCaseData> ServedTypes()
    {
        // Text and images render in the browser; the same types the reference shows inline.
        yield return Served(TestData.Utf8("plain"), null, "text/plain", inline: true);
        yield return Served(TestData.Utf8("# title"), "text/markdown", "text/markdown", inline: true);
        yield return Served(TestData.Utf8("a,b\n1,2"), "text/csv", "text/csv", inline: true);
        yield return Served(TestData.Png, null, "image/png", inline: true);
        yield return Served(TestData.Jpeg, null, "image/jpeg", inline: true);
        yield return Served(TestData.Gif89, null, "image/gif", inline: true);
        yield return Served(TestData.WebP, null, "image/webp", inline: true);

        // Active content keeps its type but is only ever a download.
        yield return Served(TestData.Utf8("<html><script>alert(1)</script></html>"), "text/html", "text/html", inline: false);
        yield return Served(TestData.Utf8("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"), "image/svg+xml", "image/svg+xml", inline: false);
        yield return Served(TestData.Utf8("<?xml version=\"1.0\"?><a/>"), "application/xml", "application/xml", inline: false);
        yield return Served(TestData.Utf8("<?xml version=\"1.0\"?><a/>"), "text/xml", "text/xml", inline: false);
        yield return Served(TestData.Utf8("<html xmlns=\"http://www.w3.org/1999/xhtml\"/>"), "application/xhtml+xml", "application/xhtml+xml", inline: false);
        yield return Served(TestData.Utf8("<feed/>"), "application/atom+xml", "application/atom+xml", inline: false);

        // Everything else is a download as well.
        yield return Served(TestData.Pdf, null, "application/pdf", inline: false);
        yield return Served(TestData.Zip, null, "application/zip", inline: false);
        yield return Served(TestData.Gzip, null, "application/gzip", inline: false);
        yield return Served(TestData.InvalidUtf8, null, "application/octet-stream", inline: false);
        yield return Served(TestData.Utf8("key: value"), "application/x-yaml", "application/x-yaml", inline: false);
    }

    private static TestCaseData Served(byte[] content, string? declared, string mimeType, bool inline) =>
        new TestCaseData(content, declared, mimeType, inline).SetArgDisplayNames(mimeType, declared ?? "detected");

    [TestCaseSource(nameof(ServedTypes))]
    public async Task Raw_content_is_served_with_its_stored_type_and_disposition(byte[] content, string? declared, string mimeType, bool inline)
    {
        var paste = await Client.CreatePasteAsync(content, declared);
        Assert.That(paste.MimeType, Is.EqualTo(mimeType));

        using var response = await Client.GetAsync(new Uri($"/{paste.Id}/raw", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ResponseAssert.Header(response, "Content-Type"), Is.EqualTo(mimeType));
            Assert.That(ResponseAssert.Header(response, "Content-Length"), Is.EqualTo(content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var disposition = ResponseAssert.Header(response, "Content-Disposition");
            Assert.That(disposition, inline ? Is.EqualTo("inline") : Does.StartWith("attachment"));
            Assert.That(ResponseAssert.Header(response, "Content-Security-Policy"), Does.Contain("sandbox").And.Contain("default-src 'none'"));
            Assert.That(ResponseAssert.Header(response, "X-Content-Type-Options"), Is.EqualTo("nosniff"));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(content));
        }
    }

    [Test]
    public async Task Metadata_responses_have_the_default_csp_without_sandbox()
    {
        var paste = await Client.CreatePasteAsync("csp");

        using var response = await Client.GetAsync(new Uri($"/{paste.Id}", UriKind.Relative));

        Assert.That(ResponseAssert.Header(response, "Content-Security-Policy"), Is.EqualTo(ResponseAssert.DefaultCsp));
    }

    [Test]
    public async Task A_large_paste_streams_back_intact()
    {
        var content = TestData.RandomBytes(42, 2 * 1024 * 1024);

        var paste = await Client.CreatePasteAsync(content, "application/octet-stream", Fingerprints.Alice);

        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(content));
    }

    // 64 KiB is where a body stops being held in memory and where content stops being read with its metadata.
    [TestCase(64 * 1024 - 1)]
    [TestCase(64 * 1024)]
    [TestCase(64 * 1024 + 1)]
    public async Task Pastes_either_side_of_the_in_memory_size_come_back_intact_with_their_size(int length)
    {
        var content = TestData.RandomBytes(length, length);

        var paste = await Client.CreatePasteAsync(content, "application/octet-stream");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(content));
            Assert.That((await Client.GetMetadataAsync(paste.Id)).GetProperty("size").GetInt64(), Is.EqualTo(length));
        }
    }

    [TestCase("")]
    [TestCase("/raw")]
    public async Task An_unknown_well_formed_id_is_not_found(string suffix)
    {
        using var response = await Client.GetAsync(new Uri($"/ZZZZZZZZZZZZZZZZ{suffix}", UriKind.Relative));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.NotFound, "Paste not found");
    }

    [TestCase("abc")]
    [TestCase("abcdefghijklmnopq")]
    [TestCase("abcdefghijklmno")]
    [TestCase("abcdefgh-ijklmno")]
    [TestCase("abcdefgh_ijklmno")]
    [TestCase("abcdefgh%20jklmno")]
    [TestCase("%C3%A9bcdefghijklmno")]
    public async Task A_malformed_id_is_a_bad_request_for_metadata_and_raw(string id)
    {
        using var metadata = await Client.GetAsync(new Uri($"/{id}", UriKind.Relative));
        using var raw = await Client.GetAsync(new Uri($"/{id}/raw", UriKind.Relative));

        await ResponseAssert.ProblemAsync(metadata, HttpStatusCode.BadRequest, "Invalid paste ID format");
        await ResponseAssert.ProblemAsync(raw, HttpStatusCode.BadRequest, "Invalid paste ID format");
    }

    [Test]
    public async Task Ids_are_case_sensitive()
    {
        var paste = await Client.CreatePasteAsync("case");
        var swapped = new string(paste.Id.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToArray());
        Assume.That(swapped, Is.Not.EqualTo(paste.Id), "an id made only of digits cannot be case-swapped");

        using var response = await Client.GetAsync(new Uri($"/{swapped}", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
