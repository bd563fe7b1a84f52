using System.Security.Cryptography;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;
using Paste.Application.Webhooks;
using Paste.Domain.Webhooks;

namespace Paste.Application.Pastes;

/// <param name="Content">The paste's bytes, exactly as they will be served back.</param>
/// <param name="DeclaredContentType">The caller's Content-Type, used when the bytes carry no signature; null when unknown.</param>
/// <param name="Owner">The authenticated identity, or null for an anonymous paste.</param>
/// <param name="PublicBaseUrl">Where the service is reached from outside, e.g. https://paste.example.com; the paste's URL is built on it.</param>
public sealed record CreatePasteCommand(ReadOnlyMemory<byte> Content, string? DeclaredContentType, string? Owner, string PublicBaseUrl) : ICommand<CreatedPaste>;

/// <param name="Url">The paste's absolute URL.</param>
public sealed record CreatedPaste(string Id, string Url, string MimeType, DateTimeOffset CreatedAt, string? Owner);

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
    IOptions<PasteOptions> options,
    IOptions<WebhookOptions> webhookOptions) : ICommandHandler<CreatePasteCommand, CreatedPaste>
{
    public async ValueTask<CreatedPaste> Handle(CreatePasteCommand command, CancellationToken cancellationToken)
    {
        var authenticated = command.Owner is not null;
        var maxSize = options.Value.SizeLimits.For(authenticated);
        if (command.Content.Length > maxSize)
        {
            throw new PayloadTooLargeException(command.Content.Length, maxSize, authenticated);
        }

        var now = timeProvider.GetUtcNow();
        var paste = Domain.Pastes.Paste.Create(idGenerator.NewId(), command.Content.Span, command.DeclaredContentType, command.Owner, now);
        var url = $"{command.PublicBaseUrl.TrimEnd('/')}/{paste.Id}";

        // The announcements are committed with the paste: once the caller has its 201, delivery is only a matter of time.
        await repository.AddAsync(paste, command.Content.ToArray(), Announcements(url, now), cancellationToken);
        return new CreatedPaste(paste.Id, url, paste.MimeType, paste.CreatedAt, paste.Owner);
    }

    private List<WebhookDelivery> Announcements(string url, DateTimeOffset now)
    {
        var receivers = webhookOptions.Value.Urls;
        if (receivers.Count == 0)
        {
            return [];
        }

        var payload = NewPasteEvent.CreatePayload(url, RandomNumberGenerator.GetBytes(NewPasteEvent.NonceBytes), now);
        var eventId = "msg_" + Guid.CreateVersion7(now).ToString("N");
        return receivers.Select(receiver => WebhookDelivery.Create(Guid.CreateVersion7(now), eventId, receiver, payload, now)).ToList();
    }
}
