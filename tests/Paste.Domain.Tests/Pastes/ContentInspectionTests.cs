using System.Security.Cryptography;
using System.Text;
using Paste.Domain.Pastes;

namespace Paste.Domain.Tests.Pastes;

public sealed class ContentInspectionTests
{
    private static readonly byte[] MixedText = Encoding.UTF8.GetBytes("ascii, é, 日本, 😀 and more text after them");

    [Test]
    public void Text_split_inside_every_multi_byte_sequence_is_still_utf8()
    {
        for (var split = 0; split <= MixedText.Length; split++)
        {
            var inspection = new ContentInspection();
            inspection.Append(MixedText.AsSpan(0, split));
            inspection.Append(MixedText.AsSpan(split));
            inspection.Complete();
            Assert.That(inspection.IsUtf8, Is.True, $"split at byte {split}");
        }
    }

    [Test]
    public void Text_fed_one_byte_at_a_time_is_utf8_with_its_full_length_and_header()
    {
        var inspection = new ContentInspection();
        foreach (var b in MixedText)
        {
            inspection.Append([b]);
        }

        inspection.Complete();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inspection.IsUtf8, Is.True);
            Assert.That(inspection.Length, Is.EqualTo(MixedText.Length));
            Assert.That(inspection.Header.ToArray(), Is.EqualTo(MixedText[..ContentInspection.HeaderLength]));
        }
    }

    [Test]
    public void An_invalid_byte_in_a_later_chunk_makes_the_whole_content_binary()
    {
        var inspection = new ContentInspection();
        inspection.Append(MixedText);
        inspection.Append([0xFF]);
        inspection.Append(MixedText);
        inspection.Complete();

        Assert.That(inspection.IsUtf8, Is.False);
    }

    [Test]
    public void A_sequence_cut_off_at_the_end_is_not_utf8()
    {
        var emoji = Encoding.UTF8.GetBytes("😀");
        var inspection = new ContentInspection();
        inspection.Append("text "u8);
        inspection.Append(emoji.AsSpan(0, 3));
        inspection.Complete();

        Assert.That(inspection.IsUtf8, Is.False);
    }

    [Test]
    public void A_signature_split_across_chunks_is_recognised()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01];
        var inspection = new ContentInspection();
        inspection.Append(png.AsSpan(0, 3));
        inspection.Append(png.AsSpan(3));
        inspection.Complete();

        Assert.That(MimeTypes.Detect(inspection, null), Is.EqualTo("image/png"));
    }

    [Test]
    public void Asking_for_utf8_before_the_end_is_refused()
    {
        var inspection = new ContentInspection();
        inspection.Append("partial"u8);

        Assert.Throws<InvalidOperationException>(() => _ = inspection.IsUtf8);
    }

    [Test]
    public void The_sha256_of_content_read_in_pieces_is_the_sha256_of_the_whole()
    {
        var content = new byte[200_000];
        new Random(7).NextBytes(content);
        var inspection = new ContentInspection();

        for (var offset = 0; offset < content.Length; offset += 65_521)
        {
            inspection.Append(content.AsSpan(offset, Math.Min(65_521, content.Length - offset)));
        }

        inspection.Complete();

        Assert.That(inspection.Sha256.ToArray(), Is.EqualTo(SHA256.HashData(content)));
    }

    [Test]
    public void The_sha256_of_content_held_in_memory_is_known_at_once() =>
        Assert.That(ContentInspection.Of(MixedText).Sha256.ToArray(), Is.EqualTo(SHA256.HashData(MixedText)));

    [Test]
    public void Asking_for_the_sha256_before_the_end_is_refused()
    {
        var inspection = new ContentInspection();
        inspection.Append(MixedText);

        Assert.Throws<InvalidOperationException>(() => _ = inspection.Sha256.Length);
    }
}
