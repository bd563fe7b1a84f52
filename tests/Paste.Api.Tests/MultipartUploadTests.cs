using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// POST / with <c>multipart/form-data</c>, as <c>curl -F file=@shot.png</c> and HTML forms send it: one file, kept byte
/// for byte with its own type, or one field named <c>content</c>; anything else is refused with the usual JSON error.
/// </summary>
public sealed class MultipartUploadTests(StorageProvider provider) : ApiFixture(provider)
{
    private const string Refusal = "A multipart body must have exactly one non-empty part with content (a file, or a field named content), besides expires_in, max_views and burn_after_reading";

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:MaxAnonymousBytes"] = "262144",
    };

    [Test]
    public async Task A_file_part_is_stored_byte_for_byte_with_its_declared_type()
    {
        using var form = new MultipartFormDataContent { File("file", "shot.png", TestData.Png, "image/png") };

        var paste = await PasteApi.ReadCreatedAsync(await Client.PostAsync(form));

        Assert.That(paste.MimeType, Is.EqualTo("image/png"));
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(TestData.Png));
    }

    [Test]
    public async Task A_large_binary_file_with_boundary_like_bytes_is_kept_exactly()
    {
        // Past the in-memory threshold, so the part is spooled to a file; CR LF and dashes inside must not end it.
        var body = TestData.RandomBytes(5, 200 * 1024);
        Encoding.ASCII.GetBytes("\r\n--\r\n--").CopyTo(body, 1000);
        using var form = new MultipartFormDataContent("boundary-of-the-test") { File("file", "data.bin", body, "application/octet-stream") };

        var paste = await PasteApi.ReadCreatedAsync(await Client.PostAsync(form));

        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(body));
    }

    [Test]
    public async Task A_content_field_is_text_whose_type_is_detected()
    {
        using var form = new MultipartFormDataContent { { new StringContent("written in a form ✓"), "content" } };

        var paste = await PasteApi.ReadCreatedAsync(await Client.PostAsync(form));

        Assert.That(paste.MimeType, Is.EqualTo("text/plain"));
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(TestData.Utf8("written in a form ✓")));
    }

    [Test]
    public async Task Two_parts_are_refused()
    {
        using var form = new MultipartFormDataContent { File("file", "a.txt", TestData.Utf8("a"), "text/plain"), { new StringContent("b"), "content" } };

        await ResponseAssert.ProblemAsync(await Client.PostAsync(form), HttpStatusCode.BadRequest, Refusal);
    }

    [Test]
    public async Task A_field_with_another_name_is_refused()
    {
        using var form = new MultipartFormDataContent { { new StringContent("text"), "paste" } };

        await ResponseAssert.ProblemAsync(await Client.PostAsync(form), HttpStatusCode.BadRequest, Refusal);
    }

    [Test]
    public async Task An_empty_content_field_is_no_content()
    {
        using var form = new MultipartFormDataContent { { new StringContent(string.Empty), "content" } };

        await ResponseAssert.ProblemAsync(await Client.PostAsync(form), HttpStatusCode.BadRequest, "No content provided");
    }

    [TestCase("--XX\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\nno final boundary", "XX")]
    [TestCase("not multipart at all", "XX")]
    [TestCase("--XX\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\nabc\r\n--XX--\r\n", "")]
    public async Task A_malformed_body_is_a_bad_request(string body, string boundary)
    {
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");

        await ResponseAssert.ProblemAsync(await Client.PostAsync(content), HttpStatusCode.BadRequest, "Malformed multipart body");
    }

    [Test]
    public async Task A_file_over_the_limit_is_too_large()
    {
        using var form = new MultipartFormDataContent { File("file", "big.bin", TestData.Filled(300 * 1024), "application/octet-stream") };

        await ResponseAssert.ProblemAsync(await Client.PostAsync(form), HttpStatusCode.RequestEntityTooLarge, "Paste too large");
    }

    private static ByteArrayContent File(string name, string fileName, byte[] bytes, string contentType)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = $"\"{name}\"", FileName = $"\"{fileName}\"" };
        return part;
    }
}
