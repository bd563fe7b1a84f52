using Paste.Application.Pastes;

namespace Paste.Application.Tests.Pastes;

public sealed class CreatePasteValidatorTests
{
    private const string BaseUrl = "https://paste.example";
    private const string ClientAddress = "192.0.2.7";

    private static readonly string[] NoContentErrors = ["No content provided"];

    private readonly CreatePasteValidator validator = new(StoredPastes.Options());

    [Test]
    public void Rejects_empty_content_with_No_content_provided()
    {
        var result = validator.Validate(new CreatePasteCommand(new MemoryStream(), "text/plain", null, BaseUrl, ClientAddress));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.Errors.Select(e => e.ErrorMessage), Is.EqualTo(NoContentErrors));
        }
    }

    [Test]
    public void Rejects_a_stream_already_read_to_its_end() =>
        Assert.That(validator.Validate(new CreatePasteCommand(new MemoryStream([1, 2]) { Position = 2 }, null, null, BaseUrl, ClientAddress)).IsValid, Is.False);

    [Test]
    public void Accepts_a_single_byte() =>
        Assert.That(validator.Validate(Command()).IsValid, Is.True);

    [Test]
    public void Accepts_a_lifetime_of_exactly_the_longest_allowed() =>
        Assert.That(validator.Validate(Command() with { Lifetime = TimeSpan.FromDays(30) }).IsValid, Is.True);

    [TestCase(0)]
    [TestCase(-5)]
    [TestCase(30 * 86400 + 1)]
    public void Refuses_a_lifetime_outside_one_second_to_the_cap_naming_the_cap(long seconds)
    {
        var result = validator.Validate(Command() with { Lifetime = TimeSpan.FromSeconds(seconds) });

        Assert.That(result.Errors.Single().ErrorMessage, Is.EqualTo("expires_in must be a whole number of seconds from 1 to 2592000 (the longest lifetime allowed)"));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void Refuses_fewer_than_one_view(int views) =>
        Assert.That(validator.Validate(Command() with { MaxViews = views }).Errors.Single().ErrorMessage, Is.EqualTo(CreatePasteValidator.MaxViewsMessage));

    [Test]
    public void Refuses_burn_after_reading_with_more_than_one_view() =>
        Assert.That(
            validator.Validate(Command() with { BurnAfterReading = true, MaxViews = 3 }).Errors.Single().ErrorMessage,
            Is.EqualTo(CreatePasteValidator.BurnWithViewsMessage));

    [Test]
    public void Accepts_burn_after_reading_with_one_view() =>
        Assert.That(validator.Validate(Command() with { BurnAfterReading = true, MaxViews = 1 }).IsValid, Is.True);

    [TestCase("")]
    [TestCase("has space")]
    [TestCase("ünïcode")]
    public void Refuses_an_idempotency_key_that_is_not_visible_ascii(string key) =>
        Assert.That(validator.Validate(Command() with { IdempotencyKey = key }).Errors.Single().ErrorMessage, Is.EqualTo(CreatePasteValidator.IdempotencyKeyMessage));

    [Test]
    public void Refuses_an_idempotency_key_longer_than_255_characters() =>
        Assert.That(validator.Validate(Command() with { IdempotencyKey = new string('k', 256) }).IsValid, Is.False);

    [Test]
    public void Accepts_a_uuid_as_idempotency_key() =>
        Assert.That(validator.Validate(Command() with { IdempotencyKey = Guid.NewGuid().ToString() }).IsValid, Is.True);

    private static CreatePasteCommand Command() => new(new MemoryStream([0]), null, null, BaseUrl, ClientAddress);
}
