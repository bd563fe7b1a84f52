using Paste.Domain.Pastes;

namespace Paste.Domain.Tests.Pastes;

public sealed class PasteIdTests
{
    [Test]
    public void NewId_is_sixteen_ASCII_letters_or_digits()
    {
        var id = PasteId.NewId();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(id, Does.Match("^[A-Za-z0-9]{16}$"));
            Assert.That(PasteId.IsWellFormed(id), Is.True);
        }
    }

    [Test]
    public void NewId_never_repeats_across_many_draws()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => PasteId.NewId()).ToList();

        Assert.That(ids, Is.Unique);
    }

    [Test]
    public void NewId_draws_from_the_whole_alphabet()
    {
        var seen = Enumerable.Range(0, 2_000).SelectMany(_ => PasteId.NewId()).ToHashSet();

        Assert.That(seen, Is.EquivalentTo(PasteId.Alphabet));
    }

    [TestCase("abcdefghijklmnop")]
    [TestCase("ABCDEFGHIJKLMNOP")]
    [TestCase("0123456789012345")]
    [TestCase("aB3dE5gH7jK9mN1p")]
    public void IsWellFormed_accepts_sixteen_letters_and_digits(string candidate) =>
        Assert.That(PasteId.IsWellFormed(candidate), Is.True);

    [TestCase(null, TestName = "{m}(null)")]
    [TestCase("", TestName = "{m}(empty)")]
    [TestCase("abcdefghijklmno", TestName = "{m}(15 characters)")]
    [TestCase("abcdefghijklmnopq", TestName = "{m}(17 characters)")]
    [TestCase("abc12345", TestName = "{m}(FlaskPaste-style short id)")]
    [TestCase("abcdefghijklmno-", TestName = "{m}(hyphen)")]
    [TestCase("abcdefghijklmno_", TestName = "{m}(underscore)")]
    [TestCase("abcdefghijklmno ", TestName = "{m}(trailing space)")]
    [TestCase(" abcdefghijklmno", TestName = "{m}(leading space)")]
    [TestCase("abcdefghijklmn\r\n", TestName = "{m}(CRLF)")]
    [TestCase("abcdefghijklmno\0", TestName = "{m}(NUL)")]
    [TestCase("abcdefghijklmnoé", TestName = "{m}(accented letter)")]
    [TestCase("аbcdefghijklmnop", TestName = "{m}(Cyrillic a)")]
    [TestCase("abcdefghijklmno１", TestName = "{m}(full-width digit)")]
    [TestCase("../../etc/passwd", TestName = "{m}(path traversal)")]
    [TestCase("..%2F..%2Fetc%2Fp", TestName = "{m}(encoded path traversal)")]
    [TestCase("abcdefgh/ijklmno", TestName = "{m}(slash)")]
    public void IsWellFormed_rejects(string? candidate) =>
        Assert.That(PasteId.IsWellFormed(candidate), Is.False);
}
