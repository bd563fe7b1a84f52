using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

public sealed class MimeDetectionTests(StorageProvider provider) : ApiFixture(provider)
{
    private static IEnumerable<TestCaseData> Signatures()
    {
        yield return new TestCaseData(TestData.Png, "image/png").SetArgDisplayNames("PNG");
        yield return new TestCaseData(TestData.Jpeg, "image/jpeg").SetArgDisplayNames("JPEG");
        yield return new TestCaseData(TestData.Gif87, "image/gif").SetArgDisplayNames("GIF87a");
        yield return new TestCaseData(TestData.Gif89, "image/gif").SetArgDisplayNames("GIF89a");
        yield return new TestCaseData(TestData.WebP, "image/webp").SetArgDisplayNames("WebP");
        yield return new TestCaseData(TestData.Zip, "application/zip").SetArgDisplayNames("ZIP");
        yield return new TestCaseData(TestData.Pdf, "application/pdf").SetArgDisplayNames("PDF");
        yield return new TestCaseData(TestData.Gzip, "application/gzip").SetArgDisplayNames("GZIP");
    }

    [TestCaseSource(nameof(Signatures))]
    public async Task Magic_bytes_decide_the_type_of_a_raw_paste(byte[] content, string expected)
    {
        var paste = await Client.CreatePasteAsync(content, "application/octet-stream");

        Assert.That(paste.MimeType, Is.EqualTo(expected));
        Assert.That((await Client.GetMetadataAsync(paste.Id)).GetProperty("mime_type").GetString(), Is.EqualTo(expected));
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(content));
    }

    [TestCaseSource(nameof(Signatures))]
    public async Task Magic_bytes_win_over_a_declared_type(byte[] content, string expected)
    {
        var paste = await Client.CreatePasteAsync(content, "text/markdown");

        Assert.That(paste.MimeType, Is.EqualTo(expected));
    }

    [Test]
    public async Task Magic_bytes_are_detected_without_any_content_type()
    {
        var paste = await Client.CreatePasteAsync(TestData.Png, contentType: null);

        Assert.That(paste.MimeType, Is.EqualTo("image/png"));
    }

    [Test]
    public async Task A_riff_file_that_is_not_webp_is_not_an_image()
    {
        byte[] wave = [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WAVEfmt "u8];

        var paste = await Client.CreatePasteAsync(wave, "application/octet-stream");

        Assert.That(paste.MimeType, Is.Not.EqualTo("image/webp"));
    }

    [TestCase("text/markdown", "text/markdown")]
    [TestCase("image/svg+xml", "image/svg+xml")]
    [TestCase("text/html", "text/html")]
    [TestCase("application/xml", "application/xml")]
    [TestCase("text/csv; charset=utf-8", "text/csv")]
    [TestCase("Text/Markdown; charset=UTF-8", "text/markdown")]
    [TestCase("text/plain; charset=utf-8", "text/plain")]
    [TestCase("application/x-yaml", "application/x-yaml")]
    public async Task An_explicit_content_type_is_kept_when_no_signature_matches(string declared, string expected)
    {
        var paste = await Client.CreatePasteAsync(TestData.Utf8("# some text\n"), declared);

        Assert.That(paste.MimeType, Is.EqualTo(expected));
        Assert.That((await Client.GetMetadataAsync(paste.Id)).GetProperty("mime_type").GetString(), Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("application/octet-stream")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("text/plain")]
    public async Task Generic_types_fall_back_to_detection_of_utf8_text(string? declared)
    {
        var paste = await Client.CreatePasteAsync(TestData.Utf8("caf\u00e9 text"), declared);

        Assert.That(paste.MimeType, Is.EqualTo("text/plain"));
    }

    [TestCase(null)]
    [TestCase("application/octet-stream")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("text/plain")]
    public async Task Generic_types_fall_back_to_binary_for_invalid_utf8(string? declared)
    {
        var paste = await Client.CreatePasteAsync(TestData.InvalidUtf8, declared);

        Assert.That(paste.MimeType, Is.EqualTo("application/octet-stream"));
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(TestData.InvalidUtf8));
    }

    [TestCase("not a type")]
    [TestCase("text/")]
    [TestCase("/plain")]
    [TestCase("text/<script>")]
    [TestCase("text/html\"onload=x")]
    public async Task A_malformed_declared_type_is_ignored_and_never_echoed(string declared)
    {
        var paste = await Client.CreatePasteAsync(TestData.Utf8("hello"), declared);

        Assert.That(paste.MimeType, Is.EqualTo("text/plain"));
    }

    [Test]
    public async Task An_overlong_declared_type_is_ignored()
    {
        var paste = await Client.CreatePasteAsync(TestData.Utf8("hello"), "text/" + new string('x', 200));

        Assert.That(paste.MimeType, Is.EqualTo("text/plain"));
    }
}
