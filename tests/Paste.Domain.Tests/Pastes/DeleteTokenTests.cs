using Paste.Domain.Pastes;

namespace Paste.Domain.Tests.Pastes;

public sealed class DeleteTokenTests
{
    [Test]
    public void Every_new_token_is_different()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => DeleteToken.New()).ToList();

        Assert.That(tokens, Is.Unique);
    }

    [Test]
    public void A_token_carries_256_bits_in_url_safe_characters()
    {
        var token = DeleteToken.New();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(token, Has.Length.GreaterThanOrEqualTo(43));
            Assert.That(token, Does.Match("^[A-Za-z0-9_-]+$"), "fits a header, a query or a shell without quoting");
        }
    }

    [Test]
    public void Only_the_token_whose_hash_was_stored_matches()
    {
        var token = DeleteToken.New();
        var stored = DeleteToken.Hash(token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(DeleteToken.Matches(token, stored), Is.True);
            Assert.That(DeleteToken.Matches(DeleteToken.New(), stored), Is.False, "another token");
            Assert.That(DeleteToken.Matches(token[..^1], stored), Is.False, "the token cut short");
            Assert.That(DeleteToken.Matches(token + "A", stored), Is.False, "the token with more after it");
            Assert.That(DeleteToken.Matches("", stored), Is.False, "nothing");
        }
    }

    [Test]
    public void A_stored_hash_of_the_wrong_length_matches_nothing()
    {
        var token = DeleteToken.New();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(DeleteToken.Matches(token, DeleteToken.Hash(token).AsSpan(0, 16)), Is.False);
            Assert.That(DeleteToken.Matches(token, []), Is.False);
        }
    }

    [Test]
    public void The_stored_hash_is_not_the_token()
    {
        var token = DeleteToken.New();

        Assert.That(Convert.ToBase64String(DeleteToken.Hash(token)), Does.Not.Contain(token));
    }
}
