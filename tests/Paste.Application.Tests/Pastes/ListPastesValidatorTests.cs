using Paste.Application.Pastes;

namespace Paste.Application.Tests.Pastes;

public sealed class ListPastesValidatorTests
{
    private static readonly string ValidCursor = new PasteCursor(StoredPastes.CreatedAt, StoredPastes.Id).Encode();

    private readonly ListPastesValidator validator = new();

    [TestCase(1)]
    [TestCase(20)]
    [TestCase(100)]
    public void Accepts_a_limit_from_one_to_a_hundred(int limit) =>
        Assert.That(validator.Validate(new ListPastesQuery(StoredPastes.Owner, Limit: limit)).IsValid, Is.True);

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(101)]
    public void Refuses_a_limit_outside_one_to_a_hundred_naming_the_range(int limit) =>
        Assert.That(
            validator.Validate(new ListPastesQuery(StoredPastes.Owner, Limit: limit)).Errors.Single().ErrorMessage,
            Is.EqualTo("limit must be a whole number from 1 to 100"));

    [Test]
    public void Accepts_a_cursor_it_made() =>
        Assert.That(validator.Validate(new ListPastesQuery(StoredPastes.Owner, ValidCursor)).IsValid, Is.True);

    [TestCase("", TestName = "{m}(empty)")]
    [TestCase("not a cursor", TestName = "{m}(not base64url)")]
    [TestCase("AAAAAAAAAAA", TestName = "{m}(too short)")]
    [TestCase("AAABlVC4JABBYkNkRWZHaElqS2xNbk9wAA", TestName = "{m}(too long)")]
    [TestCase("AAABlVC4JAAhIiMkJSYnKCkqKywtLi8w", TestName = "{m}(an id of punctuation)")]
    [TestCase("f_________9BYkNkRWZHaElqS2xNbk9w", TestName = "{m}(a time past the calendar)")]
    public void Refuses_a_malformed_cursor(string cursor) =>
        Assert.That(
            validator.Validate(new ListPastesQuery(StoredPastes.Owner, cursor)).Errors.Single().ErrorMessage,
            Is.EqualTo(ListPastesValidator.CursorMessage));

    [Test]
    public void Refuses_a_cursor_spelled_differently_from_the_one_it_made() =>
        Assert.That(validator.Validate(new ListPastesQuery(StoredPastes.Owner, ValidCursor[..16] + " " + ValidCursor[16..])).IsValid, Is.False);
}
