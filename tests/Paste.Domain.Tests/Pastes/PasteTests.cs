using System.Text;
using Paste.Domain.Pastes;
using PasteEntity = Paste.Domain.Pastes.Paste;

namespace Paste.Domain.Tests.Pastes;

public sealed class PasteTests
{
    private const string Id = "AbCdEfGhIjKlMnOp";
    private const string Owner = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2";
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);
    private static readonly TimeSpan FiveDays = TimeSpan.FromDays(5);

    [Test]
    public void Create_records_id_size_type_owner_and_times()
    {
        var paste = PasteEntity.Create(Id, ContentInspection.Of("hello"u8), null, Owner, Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.Id, Is.EqualTo(Id));
            Assert.That(paste.Size, Is.EqualTo(5));
            Assert.That(paste.MimeType, Is.EqualTo("text/plain"));
            Assert.That(paste.Owner, Is.EqualTo(Owner));
            Assert.That(paste.CreatedAt, Is.EqualTo(Now));
            Assert.That(paste.LastAccessedAt, Is.EqualTo(Now));
        }
    }

    [Test]
    public void Create_counts_size_in_bytes_not_characters()
    {
        var paste = PasteEntity.Create(Id, ContentInspection.Of(Encoding.UTF8.GetBytes("日本😀")), null, null, Now);

        Assert.That(paste.Size, Is.EqualTo(10));
    }

    [Test]
    public void Create_detects_the_type_from_magic_bytes_before_the_declared_type()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00];

        var paste = PasteEntity.Create(Id, ContentInspection.Of(png), "text/html", null, Now);

        Assert.That(paste.MimeType, Is.EqualTo("image/png"));
    }

    [Test]
    public void Create_uses_an_explicit_declared_type()
    {
        var paste = PasteEntity.Create(Id, ContentInspection.Of("{\"a\":1}"u8), "Application/JSON; charset=utf-8", null, Now);

        Assert.That(paste.MimeType, Is.EqualTo("application/json"));
    }

    [Test]
    public void Create_makes_an_anonymous_paste_without_owner()
    {
        var paste = PasteEntity.Create(Id, ContentInspection.Of("x"u8), null, null, Now);

        Assert.That(paste.Owner, Is.Null);
    }

    [Test]
    public void Create_rejects_empty_content()
    {
        var exception = Assert.Throws<ArgumentException>(() => PasteEntity.Create(Id, ContentInspection.Of([]), null, null, Now));

        Assert.That(exception.ParamName, Is.EqualTo("content"));
    }

    [TestCase("")]
    [TestCase("short")]
    [TestCase("abcdefghijklmnopq")]
    [TestCase("../../etc/passwd")]
    public void Create_rejects_a_malformed_id(string id)
    {
        var exception = Assert.Throws<ArgumentException>(() => PasteEntity.Create(id, ContentInspection.Of("x"u8), null, null, Now));

        Assert.That(exception.ParamName, Is.EqualTo("id"));
    }

    [Test]
    public void ExpiresAt_counts_from_the_last_access_not_the_creation()
    {
        var paste = PasteEntity.Restore(Id, "text/plain", 1, Now - TimeSpan.FromDays(30), Now, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.ExpiresAt(FiveDays), Is.EqualTo(Now + FiveDays));
            Assert.That(paste.IsExpired(Now + TimeSpan.FromDays(4), FiveDays), Is.False);
        }
    }

    [Test]
    public void IsExpired_is_false_one_tick_before_the_expiry() =>
        Assert.That(Accessed(Now).IsExpired(Now + FiveDays - TimeSpan.FromTicks(1), FiveDays), Is.False);

    [Test]
    public void IsExpired_is_true_exactly_at_the_expiry() =>
        Assert.That(Accessed(Now).IsExpired(Now + FiveDays, FiveDays), Is.True);

    [Test]
    public void IsExpired_is_true_after_the_expiry() =>
        Assert.That(Accessed(Now).IsExpired(Now + FiveDays + TimeSpan.FromSeconds(1), FiveDays), Is.True);

    [Test]
    public void IsExpired_is_false_right_after_creation() =>
        Assert.That(PasteEntity.Create(Id, ContentInspection.Of("x"u8), null, null, Now).IsExpired(Now, FiveDays), Is.False);

    [TestCase(432_000, 60, TestName = "{m}(5 days -> 60 s)")]
    [TestCase(3_600, 60, TestName = "{m}(1 hour -> 60 s)")]
    [TestCase(600, 60, TestName = "{m}(600 s -> 60 s)")]
    [TestCase(590, 59, TestName = "{m}(590 s -> 59 s)")]
    [TestCase(100, 10, TestName = "{m}(100 s -> 10 s)")]
    [TestCase(10, 1, TestName = "{m}(10 s -> 1 s)")]
    public void AccessCoalescingWindow_is_a_tenth_of_the_expiry_capped_at_a_minute(int expirySeconds, int expectedSeconds) =>
        Assert.That(
            PasteEntity.AccessCoalescingWindow(TimeSpan.FromSeconds(expirySeconds)),
            Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));

    [TestCase(0, false)]
    [TestCase(30, false)]
    [TestCase(59.999, false)]
    [TestCase(60, true)]
    [TestCase(61, true)]
    [TestCase(86_400, true)]
    public void NeedsAccessRecorded_with_five_day_expiry_waits_one_minute(double secondsSinceAccess, bool expected) =>
        Assert.That(
            Accessed(Now).NeedsAccessRecorded(Now + TimeSpan.FromSeconds(secondsSinceAccess), FiveDays),
            Is.EqualTo(expected));

    [TestCase(9, false)]
    [TestCase(10, true)]
    [TestCase(50, true)]
    public void NeedsAccessRecorded_with_short_expiry_waits_a_tenth_of_it(double secondsSinceAccess, bool expected) =>
        Assert.That(
            Accessed(Now).NeedsAccessRecorded(Now + TimeSpan.FromSeconds(secondsSinceAccess), TimeSpan.FromSeconds(100)),
            Is.EqualTo(expected));

    [Test]
    public void NeedsAccessRecorded_is_false_for_a_clock_behind_the_last_access() =>
        Assert.That(Accessed(Now).NeedsAccessRecorded(Now - TimeSpan.FromHours(1), FiveDays), Is.False);

    [Test]
    public void RecordAccess_moves_the_last_access_and_expiry_forward()
    {
        var paste = Accessed(Now);
        var later = Now + TimeSpan.FromDays(2);

        paste.RecordAccess(later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.LastAccessedAt, Is.EqualTo(later));
            Assert.That(paste.ExpiresAt(FiveDays), Is.EqualTo(later + FiveDays));
        }
    }

    [Test]
    public void RecordAccess_never_moves_the_last_access_backwards()
    {
        var paste = Accessed(Now);

        paste.RecordAccess(Now - TimeSpan.FromMinutes(5));

        Assert.That(paste.LastAccessedAt, Is.EqualTo(Now));
    }

    [Test]
    public void RecordAccess_does_not_touch_the_creation_time()
    {
        var paste = PasteEntity.Create(Id, ContentInspection.Of("x"u8), null, null, Now);

        paste.RecordAccess(Now + TimeSpan.FromHours(3));

        Assert.That(paste.CreatedAt, Is.EqualTo(Now));
    }

    [Test]
    public void IsOwnedBy_is_true_for_the_creator() =>
        Assert.That(Owned(Owner).IsOwnedBy(Owner), Is.True);

    [TestCase("b1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2", TestName = "{m}(another identity)")]
    [TestCase("A1B2C3D4E5F6A1B2C3D4E5F6A1B2C3D4E5F6A1B2", TestName = "{m}(different case)")]
    [TestCase("a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2 ", TestName = "{m}(trailing space)")]
    [TestCase("a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b", TestName = "{m}(prefix)")]
    [TestCase("", TestName = "{m}(empty)")]
    [TestCase(null, TestName = "{m}(null requester)")]
    public void IsOwnedBy_is_false_for_anyone_else(string? requester) =>
        Assert.That(Owned(Owner).IsOwnedBy(requester), Is.False);

    [TestCase(Owner)]
    [TestCase("")]
    [TestCase(null)]
    public void IsOwnedBy_is_false_for_everyone_on_an_anonymous_paste(string? requester) =>
        Assert.That(Owned(null).IsOwnedBy(requester), Is.False);

    private static PasteEntity Accessed(DateTimeOffset lastAccessedAt) =>
        PasteEntity.Restore(Id, "text/plain", 1, lastAccessedAt - TimeSpan.FromDays(1), lastAccessedAt, null);

    private static PasteEntity Owned(string? owner) => PasteEntity.Create(Id, ContentInspection.Of("x"u8), null, owner, Now);
}
