using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Pastes;

/// <param name="Content">The paste's bytes, exactly as they will be served back.</param>
/// <param name="DeclaredContentType">The caller's Content-Type, used when the bytes carry no signature; null when unknown.</param>
/// <param name="Owner">The authenticated identity, or null for an anonymous paste.</param>
public sealed record CreatePasteCommand(ReadOnlyMemory<byte> Content, string? DeclaredContentType, string? Owner) : ICommand<CreatedPaste>;

public sealed record CreatedPaste(string Id, string MimeType, DateTimeOffset CreatedAt, string? Owner);

public sealed class CreatePasteValidator : AbstractValidator<CreatePasteCommand>
{
    public const string NoContentMessage = "No content provided";

    public CreatePasteValidator() =>
        RuleFor(c => c.Content).Must(content => !content.IsEmpty).WithMessage(NoContentMessage);
}

public sealed class CreatePasteHandler(
    IPasteRepository repository,
    IPasteIdGenerator idGenerator,
    TimeProvider timeProvider,
    IOptions<PasteOptions> options) : ICommandHandler<CreatePasteCommand, CreatedPaste>
{
    public async ValueTask<CreatedPaste> Handle(CreatePasteCommand command, CancellationToken cancellationToken)
    {
        var authenticated = command.Owner is not null;
        var maxSize = options.Value.SizeLimits.For(authenticated);
        if (command.Content.Length > maxSize)
        {
            throw new PayloadTooLargeException(command.Content.Length, maxSize, authenticated);
        }

        var paste = Domain.Pastes.Paste.Create(
            idGenerator.NewId(), command.Content.Span, command.DeclaredContentType, command.Owner, timeProvider.GetUtcNow());
        await repository.AddAsync(paste, command.Content.ToArray(), cancellationToken);
        return new CreatedPaste(paste.Id, paste.MimeType, paste.CreatedAt, paste.Owner);
    }
}
