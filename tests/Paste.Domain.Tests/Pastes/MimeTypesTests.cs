using System.Text;
using Paste.Domain.Pastes;

namespace Paste.Domain.Tests.Pastes;

public sealed class MimeTypesTests
{
    private static readonly byte[] InvalidUtf8 = [0x00, 0xFF, 0xFE, 0x80];

    private static IEnumerable<TestCaseData> Signatures()
    {
        yield return Case("PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], "image/png");
        yield return Case("JPEG", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46], "image/jpeg");
        yield return Case("GIF87a", [.. "GIF87a"u8, 0x01, 0x00, 0x01, 0x00], "image/gif");
        yield return Case("GIF89a", [.. "GIF89a"u8, 0x01, 0x00, 0x01, 0x00], "image/gif");
        yield return Case("WebP", [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WEBPVP8 "u8], "image/webp");
        yield return Case("ZIP", [.. "PK"u8, 0x03, 0x04, 0x14, 0x00], "application/zip");
        yield return Case("PDF", [.. "%PDF-1.7\n"u8], "application/pdf");
        yield return Case("GZIP", [0x1F, 0x8B, 0x08, 0x00], "application/gzip");

        static TestCaseData Case(string name, byte[] content, string expected) =>
            new TestCaseData(content, expected).SetArgDisplayNames(name, expected);
    }

    [TestCaseSource(nameof(Signatures))]
    public void Detect_recognises_magic_bytes(byte[] content, string expected) =>
        Assert.That(Detect(content, null), Is.EqualTo(expected));

    [TestCaseSource(nameof(Signatures))]
    public void Detect_prefers_magic_bytes_over_a_declared_type(byte[] content, string expected) =>
        Assert.That(Detect(content, "text/html"), Is.EqualTo(expected));

    [Test]
    public void Detect_does_not_call_a_RIFF_file_that_is_not_WEBP_an_image()
    {
        byte[] wave = [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WAVEfmt "u8];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Detect(wave, null), Is.EqualTo(MimeTypes.PlainText));
            Assert.That(Detect(wave, "audio/wav"), Is.EqualTo("audio/wav"));
        }
    }

    [Test]
    public void Detect_does_not_call_a_RIFF_header_too_short_to_hold_WEBP_an_image() =>
        Assert.That(Detect("RIFF\0\0\0\0WEB"u8, null), Is.EqualTo(MimeTypes.PlainText));

    [Test]
    public void Detect_matches_signatures_only_at_the_start_of_the_content() =>
        Assert.That(Detect("see %PDF and GIF89a inside"u8, null), Is.EqualTo(MimeTypes.PlainText));

    [Test]
    public void Detect_does_not_match_a_truncated_signature() =>
        Assert.That(
            Detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A], null),
            Is.EqualTo(MimeTypes.OctetStream));

    [TestCase("application/json", "application/json")]
    [TestCase("Application/JSON", "application/json")]
    [TestCase("application/json; charset=utf-8", "application/json")]
    [TestCase("text/markdown;charset=UTF-8;variant=GFM", "text/markdown")]
    [TestCase("text/html", "text/html")]
    [TestCase("image/svg+xml", "image/svg+xml")]
    [TestCase("application/vnd.ms-excel", "application/vnd.ms-excel")]
    [TestCase(" text/csv ", "text/csv")]
    public void Detect_uses_an_explicit_declared_type_lower_cased_without_parameters(string declared, string expected)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Detect("a,b,c\n1,2,3\n"u8, declared), Is.EqualTo(expected), "text content");
            Assert.That(Detect(InvalidUtf8, declared), Is.EqualTo(expected), "binary content");
        }
    }

    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("application/octet-stream")]
    [TestCase("APPLICATION/OCTET-STREAM")]
    [TestCase("text/plain")]
    [TestCase("Text/Plain")]
    [TestCase("text/plain;")]
    [TestCase("text/plain; format=flowed")]
    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Detect_ignores_a_generic_declared_type_and_inspects_the_content(string? declared)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Detect("hello, world\n"u8, declared), Is.EqualTo(MimeTypes.PlainText), "text content");
            Assert.That(Detect(InvalidUtf8, declared), Is.EqualTo(MimeTypes.OctetStream), "binary content");
        }
    }

    [TestCase("text/plain; charset=utf-8")]
    [TestCase("text/plain;charset=UTF-8")]
    [TestCase("TEXT/PLAIN; Charset=iso-8859-1")]
    [TestCase("text/plain; format=flowed; charset=windows-1252")]
    public void Detect_treats_text_plain_with_a_charset_as_explicit(string declared) =>
        Assert.That(Detect(InvalidUtf8, declared), Is.EqualTo(MimeTypes.PlainText));

    [TestCase("texthtml", TestName = "{m}(no slash)")]
    [TestCase("/html", TestName = "{m}(no type)")]
    [TestCase("text/", TestName = "{m}(no subtype)")]
    [TestCase("/", TestName = "{m}(only a slash)")]
    [TestCase("text/html/x", TestName = "{m}(two slashes)")]
    [TestCase("text/ html", TestName = "{m}(space after slash)")]
    [TestCase("text /html", TestName = "{m}(space before slash)")]
    [TestCase("image/x png", TestName = "{m}(space inside subtype)")]
    [TestCase("text/ht\tml", TestName = "{m}(tab inside)")]
    [TestCase("text/html\0", TestName = "{m}(NUL)")]
    [TestCase("text/ht\u0007ml", TestName = "{m}(BEL)")]
    [TestCase("text/ht\u007Fml", TestName = "{m}(DEL)")]
    [TestCase("text/html\r\nX-Injected: yes", TestName = "{m}(CRLF header injection)")]
    [TestCase("text/ht\rml", TestName = "{m}(CR inside)")]
    [TestCase("text/ht\nml", TestName = "{m}(LF inside)")]
    [TestCase("text/<script>", TestName = "{m}(angle brackets)")]
    [TestCase("text/\"html\"", TestName = "{m}(quotes)")]
    [TestCase("image/pngé", TestName = "{m}(non-ASCII letter)")]
    [TestCase("image/png\u200B", TestName = "{m}(zero-width space)")]
    public void Detect_ignores_a_malformed_declared_type(string declared)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MimeTypes.NormalizeDeclared(declared), Is.Null);
            Assert.That(Detect(InvalidUtf8, declared), Is.EqualTo(MimeTypes.OctetStream));
            Assert.That(Detect("plain words"u8, declared), Is.EqualTo(MimeTypes.PlainText));
        }
    }

    [TestCase("\timage/x-icon \t", TestName = "{m}(spaces and tabs)")]
    [TestCase("  image/x-icon;  q=1", TestName = "{m}(spaces before parameters)")]
    public void Detect_tolerates_spaces_and_tabs_around_the_declared_type(string declared) =>
        Assert.That(Detect(InvalidUtf8, declared), Is.EqualTo("image/x-icon"));

    // RFC 9110 allows only spaces and tabs (OWS) around a field value; anything else makes it malformed.
    [TestCase("image/x-icon\r\n", TestName = "{m}(trailing CRLF)")]
    [TestCase("\r\nimage/x-icon", TestName = "{m}(leading CRLF)")]
    [TestCase("image/x-icon\n", TestName = "{m}(trailing LF)")]
    [TestCase("image/x-icon\v", TestName = "{m}(trailing vertical tab)")]
    [TestCase("image/x-icon\u00A0", TestName = "{m}(trailing no-break space)")]
    [TestCase("image/x-icon\u3000", TestName = "{m}(trailing ideographic space)")]
    public void Detect_ignores_a_declared_type_padded_with_anything_but_spaces_and_tabs(string declared) =>
        Assert.That(Detect(InvalidUtf8, declared), Is.EqualTo(MimeTypes.OctetStream));

    [Test]
    public void Detect_ignores_a_declared_type_with_a_non_ASCII_letter_that_lower_cases_to_ASCII() =>
        Assert.That(Detect(InvalidUtf8, "application/x-\u212Arita"), Is.EqualTo(MimeTypes.OctetStream));

    [Test]
    public void Detect_ignores_a_declared_type_longer_than_127_characters()
    {
        var declared = "application/" + new string('x', 128 - "application/".Length);

        Assert.That(Detect(InvalidUtf8, declared), Is.EqualTo(MimeTypes.OctetStream));
    }

    [Test]
    public void Detect_accepts_a_declared_type_of_exactly_127_characters()
    {
        var declared = "application/" + new string('x', 127 - "application/".Length);

        Assert.That(Detect(InvalidUtf8, declared), Is.EqualTo(declared));
    }

    [Test]
    public void Detect_measures_the_length_limit_on_the_media_type_not_its_parameters()
    {
        var declared = "application/json; profile=" + new string('p', 200);

        Assert.That(Detect(InvalidUtf8, declared), Is.EqualTo("application/json"));
    }

    [TestCase("hello", TestName = "{m}(ASCII)")]
    [TestCase("line one\r\nline two\ttabbed\n", TestName = "{m}(ASCII with control whitespace)")]
    [TestCase("héllo wörld, ça va", TestName = "{m}(two-byte sequences)")]
    [TestCase("日本語のテキスト", TestName = "{m}(three-byte sequences)")]
    [TestCase("party 🎉😀", TestName = "{m}(four-byte emoji)")]
    [TestCase("\uFEFFwith a byte order mark", TestName = "{m}(byte order mark)")]
    public void Detect_calls_valid_UTF8_plain_text(string text) =>
        Assert.That(Detect(Encoding.UTF8.GetBytes(text), null), Is.EqualTo(MimeTypes.PlainText));

    [TestCase(new byte[] { 0xFF }, TestName = "{m}(lone 0xFF)")]
    [TestCase(new byte[] { 0x68, 0x69, 0xFF, 0x21 }, TestName = "{m}(0xFF after ASCII)")]
    [TestCase(new byte[] { 0x80 }, TestName = "{m}(lone continuation byte)")]
    [TestCase(new byte[] { 0x61, 0xC3 }, TestName = "{m}(truncated two-byte sequence)")]
    [TestCase(new byte[] { 0xE6, 0x97 }, TestName = "{m}(truncated three-byte sequence)")]
    [TestCase(new byte[] { 0xF0, 0x9F, 0x98 }, TestName = "{m}(truncated emoji)")]
    [TestCase(new byte[] { 0xC0, 0xAF }, TestName = "{m}(overlong slash)")]
    [TestCase(new byte[] { 0xE0, 0x80, 0xAF }, TestName = "{m}(overlong three-byte slash)")]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 }, TestName = "{m}(encoded surrogate)")]
    [TestCase(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, TestName = "{m}(beyond U+10FFFF)")]
    public void Detect_calls_invalid_UTF8_octet_stream(byte[] content) =>
        Assert.That(Detect(content, null), Is.EqualTo(MimeTypes.OctetStream));

    [TestCase("text/html")]
    [TestCase("TEXT/HTML")]
    [TestCase("application/xhtml+xml")]
    [TestCase("image/svg+xml")]
    [TestCase("text/xml")]
    [TestCase("application/xml")]
    [TestCase("text/xsl")]
    [TestCase("application/xslt+xml")]
    [TestCase("application/atom+xml")]
    [TestCase("application/rss+xml")]
    [TestCase("application/vnd.custom+XML")]
    public void Active_content_is_never_shown_inline(string mimeType)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MimeTypes.IsActiveContent(mimeType), Is.True);
            Assert.That(MimeTypes.IsSafeInline(mimeType), Is.False);
        }
    }

    [TestCase("image/png")]
    [TestCase("image/jpeg")]
    [TestCase("image/gif")]
    [TestCase("image/webp")]
    [TestCase("text/plain")]
    [TestCase("text/csv")]
    [TestCase("text/markdown")]
    public void Images_and_plain_text_are_shown_inline(string mimeType)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MimeTypes.IsActiveContent(mimeType), Is.False);
            Assert.That(MimeTypes.IsSafeInline(mimeType), Is.True);
        }
    }

    [TestCase("image/png", true)]
    [TestCase("IMAGE/JPEG", true)]
    [TestCase("image/gif", true)]
    [TestCase("image/webp", true)]
    [TestCase("application/zip", true)]
    [TestCase("application/pdf", true)]
    [TestCase("application/gzip", true)]
    [TestCase("application/octet-stream", true)]
    [TestCase("text/plain", false)]
    [TestCase("application/json", false)]
    [TestCase("image/svg+xml", false)]
    public void Formats_known_by_their_magic_bytes_are_binary_even_when_their_bytes_decode(string mimeType, bool binary) =>
        Assert.That(MimeTypes.IsBinaryFormat(mimeType), Is.EqualTo(binary));

    [TestCase("application/pdf")]
    [TestCase("application/zip")]
    [TestCase("application/gzip")]
    [TestCase("application/octet-stream")]
    [TestCase("application/json")]
    [TestCase("application/javascript")]
    public void Other_types_are_downloads_but_not_active(string mimeType)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MimeTypes.IsActiveContent(mimeType), Is.False);
            Assert.That(MimeTypes.IsSafeInline(mimeType), Is.False);
        }
    }

    [Test]
    public void A_paste_declared_as_html_is_detected_as_html_and_served_as_a_download()
    {
        var mimeType = Detect("<script>alert(1)</script>"u8, "text/html; charset=utf-8");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(mimeType, Is.EqualTo("text/html"));
            Assert.That(MimeTypes.IsSafeInline(mimeType), Is.False);
        }
    }

    private static string Detect(ReadOnlySpan<byte> content, string? declaredContentType) =>
        MimeTypes.Detect(ContentInspection.Of(content), declaredContentType);
}
