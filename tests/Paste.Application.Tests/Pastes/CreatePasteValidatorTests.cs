using Paste.Application.Pastes;

namespace Paste.Application.Tests.Pastes;

public sealed class CreatePasteValidatorTests
{
    private const string BaseUrl = "https://paste.example";

    private static readonly string[] NoContentErrors = ["No content provided"];

    private readonly CreatePasteValidator validator = new();

    [Test]
    public void Rejects_empty_content_with_No_content_provided()
    {
        var result = validator.Validate(new CreatePasteCommand(new MemoryStream(), "text/plain", null, BaseUrl));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.Errors.Select(e => e.ErrorMessage), Is.EqualTo(NoContentErrors));
        }
    }

    [Test]
    public void Rejects_a_stream_already_read_to_its_end() =>
        Assert.That(validator.Validate(new CreatePasteCommand(new MemoryStream([1, 2]) { Position = 2 }, null, null, BaseUrl)).IsValid, Is.False);

    [Test]
    public void Accepts_a_single_byte() =>
        Assert.That(validator.Validate(new CreatePasteCommand(new MemoryStream([0]), null, null, BaseUrl)).IsValid, Is.True);
}
