using FluentValidation;
using Paste.Application.Common;
using Paste.Application.Pastes;

namespace Paste.Application.Tests.Common;

public sealed class ValidationBehaviourTests
{
    private const string ValidId = "AbCdEfGhIjKlMnOp";

    private static readonly string[] InvalidIdErrors = ["Invalid paste ID format"];

    private static readonly PasteMetadata HandlerResult =
        new(ValidId, "text/plain", 5, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(5), null);

    private int nextCalls;
    private GetPasteMetadataQuery? nextMessage;

    [SetUp]
    public void SetUp()
    {
        nextCalls = 0;
        nextMessage = null;
    }

    [Test]
    public void Throws_before_the_handler_runs_when_the_message_is_invalid()
    {
        var behaviour = new ValidationBehaviour<GetPasteMetadataQuery, PasteMetadata>([new GetPasteMetadataValidator()]);

        var exception = Assert.ThrowsAsync<ValidationException>(
            async () => await behaviour.Handle(new GetPasteMetadataQuery("../../etc/passwd"), Next, CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Errors.Select(e => e.ErrorMessage), Is.EqualTo(InvalidIdErrors));
            Assert.That(nextCalls, Is.Zero, "the handler must not run");
        }
    }

    [Test]
    public void Throws_when_any_one_of_several_validators_fails()
    {
        var alwaysValid = new InlineValidator<GetPasteMetadataQuery>();
        var rejectsEverything = new InlineValidator<GetPasteMetadataQuery>();
        rejectsEverything.RuleFor(q => q.Id).Must(_ => false).WithMessage("no");
        var behaviour = new ValidationBehaviour<GetPasteMetadataQuery, PasteMetadata>([alwaysValid, rejectsEverything]);

        Assert.ThrowsAsync<ValidationException>(
            async () => await behaviour.Handle(new GetPasteMetadataQuery(ValidId), Next, CancellationToken.None));
        Assert.That(nextCalls, Is.Zero);
    }

    [Test]
    public async Task Calls_the_handler_once_with_the_same_message_when_valid()
    {
        var behaviour = new ValidationBehaviour<GetPasteMetadataQuery, PasteMetadata>([new GetPasteMetadataValidator()]);
        var query = new GetPasteMetadataQuery(ValidId);

        var result = await behaviour.Handle(query, Next, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.SameAs(HandlerResult));
            Assert.That(nextCalls, Is.EqualTo(1));
            Assert.That(nextMessage, Is.SameAs(query));
        }
    }

    [Test]
    public async Task Calls_the_handler_when_no_validator_is_registered()
    {
        var behaviour = new ValidationBehaviour<GetPasteMetadataQuery, PasteMetadata>([]);

        var result = await behaviour.Handle(new GetPasteMetadataQuery("anything at all"), Next, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.SameAs(HandlerResult));
            Assert.That(nextCalls, Is.EqualTo(1));
        }
    }

    private ValueTask<PasteMetadata> Next(GetPasteMetadataQuery message, CancellationToken cancellationToken)
    {
        nextCalls++;
        nextMessage = message;
        return ValueTask.FromResult(HandlerResult);
    }
}
