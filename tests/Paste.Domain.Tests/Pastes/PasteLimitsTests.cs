using System.Security.Cryptography;
using Paste.Domain.Pastes;
using PasteEntity = Paste.Domain.Pastes.Paste;

namespace Paste.Domain.Tests.Pastes;

/// <summary>What a creator asks of a paste's life: a lifetime of its own, and a number of reads.</summary>
public sealed class PasteLimitsTests
{
    private const string Id = "AbCdEfGhIjKlMnOp";
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);
    private static readonly TimeSpan FiveDays = TimeSpan.FromDays(5);

    [Test]
    public void A_paste_without_limits_has_no_deadline_and_no_count_of_reads()
    {
        var paste = Create(PasteLimits.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.Deadline, Is.Null);
            Assert.That(paste.MaxViews, Is.Null);
            Assert.That(paste.ViewsLeft, Is.Null);
            Assert.That(paste.BurnsAfterReading, Is.False);
            Assert.That(paste.ExpiresAt(FiveDays), Is.EqualTo(Now + FiveDays));
        }
    }

    [Test]
    public void A_lifetime_shorter_than_the_expiry_ends_the_paste_at_its_deadline_however_often_it_is_read()
    {
        var paste = Create(new PasteLimits(TimeSpan.FromHours(2), null));

        paste.RecordAccess(Now + TimeSpan.FromHours(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.Deadline, Is.EqualTo(Now + TimeSpan.FromHours(2)));
            Assert.That(paste.ExpiresAt(FiveDays), Is.EqualTo(Now + TimeSpan.FromHours(2)));
            Assert.That(paste.IsExpired(Now + TimeSpan.FromHours(2) - TimeSpan.FromTicks(1), FiveDays), Is.False);
            Assert.That(paste.IsExpired(Now + TimeSpan.FromHours(2), FiveDays), Is.True);
        }
    }

    [Test]
    public void A_lifetime_longer_than_the_expiry_still_ends_a_paste_nobody_reads_at_the_expiry()
    {
        var paste = Create(new PasteLimits(TimeSpan.FromDays(30), null));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.ExpiresAt(FiveDays), Is.EqualTo(Now + FiveDays));
            Assert.That(paste.IsExpired(Now + FiveDays, FiveDays), Is.True);
        }
    }

    [Test]
    public void Reads_move_the_expiry_forward_only_up_to_the_deadline()
    {
        var paste = Create(new PasteLimits(TimeSpan.FromDays(7), null));

        paste.RecordAccess(Now + TimeSpan.FromDays(4));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.ExpiresAt(FiveDays), Is.EqualTo(Now + TimeSpan.FromDays(7)), "the deadline comes before the last read's expiry");
            Assert.That(paste.IsExpired(Now + TimeSpan.FromDays(6), FiveDays), Is.False, "the read kept it past the first five days");
        }
    }

    [Test]
    public void A_stored_paste_past_its_deadline_is_expired_even_when_just_read()
    {
        var paste = PasteEntity.Restore(Id, "text/plain", 1, Now - TimeSpan.FromHours(3), Now, null, deadline: Now - TimeSpan.FromMinutes(1));

        Assert.That(paste.IsExpired(Now, FiveDays), Is.True);
    }

    [Test]
    public void A_paste_with_no_views_left_is_expired_for_everyone()
    {
        var paste = PasteEntity.Restore(Id, "text/plain", 1, Now, Now, null, maxViews: 3, viewsLeft: 0);

        Assert.That(paste.IsExpired(Now, FiveDays), Is.True);
    }

    [Test]
    public void A_paste_with_views_left_is_not_expired()
    {
        var paste = PasteEntity.Restore(Id, "text/plain", 1, Now, Now, null, maxViews: 3, viewsLeft: 1);

        Assert.That(paste.IsExpired(Now, FiveDays), Is.False);
    }

    [Test]
    public void A_view_limit_starts_with_every_read_left()
    {
        var paste = Create(new PasteLimits(null, 5));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.MaxViews, Is.EqualTo(5));
            Assert.That(paste.ViewsLeft, Is.EqualTo(5));
            Assert.That(paste.BurnsAfterReading, Is.False);
        }
    }

    [Test]
    public void One_allowed_read_is_burn_after_reading()
    {
        var paste = Create(new PasteLimits(null, 1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.BurnsAfterReading, Is.True);
            Assert.That(paste.ViewsLeft, Is.EqualTo(1));
        }
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void A_paste_that_allows_no_read_is_refused(int maxViews)
    {
        var exception = Assert.Throws<ArgumentException>(() => Create(new PasteLimits(null, maxViews)));

        Assert.That(exception.ParamName, Is.EqualTo("limits"));
    }

    [TestCase(0)]
    [TestCase(-60)]
    public void A_lifetime_that_is_not_positive_is_refused(int seconds)
    {
        var exception = Assert.Throws<ArgumentException>(() => Create(new PasteLimits(TimeSpan.FromSeconds(seconds), null)));

        Assert.That(exception.ParamName, Is.EqualTo("limits"));
    }

    [Test]
    public void The_content_digest_and_the_delete_token_hash_are_kept()
    {
        var tokenHash = DeleteToken.Hash("the token");

        var paste = PasteEntity.Create(Id, ContentInspection.Of("hello"u8), null, null, Now, deleteTokenHash: tokenHash);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.Sha256, Is.EqualTo(SHA256.HashData("hello"u8)));
            Assert.That(paste.DeleteTokenHash, Is.EqualTo(tokenHash));
            Assert.That(paste.AcceptsDeleteToken("the token"), Is.True);
            Assert.That(paste.AcceptsDeleteToken("another token"), Is.False);
        }
    }

    [Test]
    public void A_paste_stored_before_delete_tokens_accepts_none()
    {
        var paste = PasteEntity.Restore(Id, "text/plain", 1, Now, Now, null);

        Assert.That(paste.AcceptsDeleteToken(DeleteToken.New()), Is.False);
    }

    private static PasteEntity Create(PasteLimits limits) =>
        PasteEntity.Create(Id, ContentInspection.Of("x"u8), null, null, Now, limits);
}
