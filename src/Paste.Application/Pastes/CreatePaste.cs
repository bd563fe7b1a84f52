using System.Buffers;
using System.Security.Cryptography;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;
using Paste.Application.Webhooks;
using Paste.Domain.Pastes;
using Paste.Domain.Webhooks;

namespace Paste.Application.Pastes;

/// <param name="Content">
/// The paste's bytes, exactly as they will be served back: a seekable stream positioned at its start, already
/// received in full and within the caller's size limit (the API enforces the limit while the body streams in).
/// </param>
/// <param name="DeclaredContentType">The caller's Content-Type, used when the bytes carry no signature; null when unknown.</param>
/// <param name="Owner">The authenticated identity, or null for an anonymous paste.</param>
/// <param name="PublicBaseUrl">Where the service is reached from outside, without a trailing slash, e.g. https://paste.example.com; the paste's URL is built on it.</param>
public sealed record CreatePasteCommand(Stream Content, string? DeclaredContentType, string? Owner, string PublicBaseUrl) : ICommand<CreatedPaste>;

/// <param name="Url">The paste's absolute URL.</param>
public sealed record CreatedPaste(string Id, string Url, string MimeType, DateTimeOffset CreatedAt, string? Owner);

public sealed class CreatePasteValidator : AbstractValidator<CreatePasteCommand>
{
    public const string NoContentMessage = "No content provided";

    public CreatePasteValidator() =>
        RuleFor(c => c.Content).Must(content => content.Length - content.Position > 0).WithMessage(NoContentMessage);
}

public sealed class CreatePasteHandler(
    IPasteRepository repository,
    IPasteIdGenerator idGenerator,
    TimeProvider timeProvider,
    IOptions<WebhookOptions> webhookOptions,
    IWebhookDispatchSignal dispatchSignal,
    PasteMetrics metrics) : ICommandHandler<CreatePasteCommand, CreatedPaste>
{
    private const int InspectionBufferBytes = 64 * 1024;

    public async ValueTask<CreatedPaste> Handle(CreatePasteCommand command, CancellationToken cancellationToken)
    {
        var start = command.Content.Position;
        var inspection = await InspectAsync(command.Content, cancellationToken);
        command.Content.Position = start;

        var now = timeProvider.GetUtcNow();
        var paste = Domain.Pastes.Paste.Create(idGenerator.NewId(), inspection, command.DeclaredContentType, command.Owner, now);
        var url = $"{command.PublicBaseUrl}/{paste.Id}";

        // The announcements are committed with the paste: once the caller has its 201, delivery is only a matter of time.
        var announcements = Announcements(url, now);
        await repository.AddAsync(paste, command.Content, announcements, cancellationToken);
        metrics.PasteCreated();

        // Wakes the dispatcher so they go out at once; without the signal they would wait for its next poll.
        if (announcements.Count > 0)
        {
            dispatchSignal.Notify();
        }

        return new CreatedPaste(paste.Id, url, paste.MimeType, paste.CreatedAt, paste.Owner);
    }

    /// <summary>One pass over the content in pieces: detection never needs the whole paste in memory.</summary>
    private static async Task<ContentInspection> InspectAsync(Stream content, CancellationToken cancellationToken)
    {
        var inspection = new ContentInspection();
        var buffer = ArrayPool<byte>.Shared.Rent(InspectionBufferBytes);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                inspection.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        inspection.Complete();
        return inspection;
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
