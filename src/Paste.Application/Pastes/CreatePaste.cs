using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Clients;
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
/// <param name="ClientAddress">The caller's address: whose idempotency keys an anonymous caller's are.</param>
/// <param name="Lifetime">How long the paste may live at most, whatever its reads; null for the service's expiry alone.</param>
/// <param name="MaxViews">After this many content reads the paste is gone; null for no limit.</param>
/// <param name="BurnAfterReading">The same as one view.</param>
/// <param name="IdempotencyKey">A retry with the same key and request gets the first answer instead of a second paste.</param>
public sealed record CreatePasteCommand(
    Stream Content,
    string? DeclaredContentType,
    string? Owner,
    string PublicBaseUrl,
    string ClientAddress,
    TimeSpan? Lifetime = null,
    int? MaxViews = null,
    bool BurnAfterReading = false,
    string? IdempotencyKey = null) : ICommand<CreatedPaste>;

/// <param name="Url">The paste's absolute URL.</param>
/// <param name="ExpiresAt">When the paste expires unless read before then (never later than its own lifetime).</param>
/// <param name="DeleteToken">
/// Deletes the paste without an identity; shown only in this answer, and again in an identified caller's replay. Null in
/// an anonymous caller's replay: see <see cref="CreatePasteHandler"/>.
/// </param>
/// <param name="Sha256">The content's SHA-256, lower-case hex.</param>
/// <param name="ViewsLeft">The content reads allowed; null for no limit.</param>
/// <param name="Replayed">True when this is the answer to an earlier request with the same idempotency key.</param>
public sealed record CreatedPaste(
    string Id,
    string Url,
    string MimeType,
    DateTimeOffset CreatedAt,
    string? Owner,
    DateTimeOffset ExpiresAt,
    string? DeleteToken,
    string Sha256,
    int? ViewsLeft,
    bool BurnAfterReading,
    bool Replayed = false);

public sealed class CreatePasteValidator : AbstractValidator<CreatePasteCommand>
{
    public const string NoContentMessage = "No content provided";
    public const string BurnWithViewsMessage = "burn_after_reading means max_views 1; send one or the other";
    public const string MaxViewsMessage = "max_views must be a whole number of at least 1";
    public const string IdempotencyKeyMessage = "Idempotency-Key must be 1 to 255 visible ASCII characters";

    /// <summary>Long enough for any UUID or hash a client would use as a key.</summary>
    public const int MaxIdempotencyKeyLength = 255;

    public CreatePasteValidator(IOptions<PasteOptions> options)
    {
        RuleFor(c => c.Content).Must(content => content.Length - content.Position > 0).WithMessage(NoContentMessage);
        RuleFor(c => c.Lifetime)
            .Must(lifetime => lifetime is null || (lifetime >= TimeSpan.FromSeconds(1) && lifetime <= options.Value.MaxLifetime))
            .WithMessage(_ => LifetimeMessage(options.Value.MaxLifetime));
        RuleFor(c => c.MaxViews).Must(views => views is null or >= 1).WithMessage(MaxViewsMessage);
        RuleFor(c => c).Must(c => !c.BurnAfterReading || c.MaxViews is null or 1).WithMessage(BurnWithViewsMessage);
        RuleFor(c => c.IdempotencyKey)
            .Must(key => key is null || (key.Length is > 0 and <= MaxIdempotencyKeyLength && key.All(character => character is >= '!' and <= '~')))
            .WithMessage(IdempotencyKeyMessage);
    }

    public static string LifetimeMessage(TimeSpan maxLifetime) =>
        string.Create(CultureInfo.InvariantCulture, $"expires_in must be a whole number of seconds from 1 to {(long)maxLifetime.TotalSeconds} (the longest lifetime allowed)");
}

/// <summary>
/// Stores a paste and announces it. A create with an idempotency key that the same caller sent with the same request
/// within <see cref="IdempotencyWindow"/> gets the first answer again instead. An anonymous caller's keys are scoped to
/// its address only, which it shares with everyone behind the same NAT or proxy, and a key is often predictable (a
/// build number, a file name); so an anonymous replay answers without the delete token, which would let anyone who
/// sends the same key and content delete the paste. An identified caller's replay keeps it.
/// </summary>
public sealed class CreatePasteHandler(
    IPasteRepository repository,
    IPasteIdGenerator idGenerator,
    TimeProvider timeProvider,
    IOptions<PasteOptions> options,
    IOptions<WebhookOptions> webhookOptions,
    IWebhookDispatchSignal dispatchSignal,
    ISecretProtector protector,
    PasteMetrics metrics) : ICommandHandler<CreatePasteCommand, CreatedPaste>
{
    /// <summary>How long a retry with the same idempotency key gets the first answer.</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    private const int InspectionBufferBytes = 64 * 1024;

    public async ValueTask<CreatedPaste> Handle(CreatePasteCommand command, CancellationToken cancellationToken)
    {
        var start = command.Content.Position;
        var inspection = await InspectAsync(command.Content, cancellationToken);
        command.Content.Position = start;

        var now = timeProvider.GetUtcNow();
        var limits = new PasteLimits(command.Lifetime, command.BurnAfterReading ? 1 : command.MaxViews);
        var retry = command.IdempotencyKey is { } key
            ? new RetryableRequest(
                command.Owner is null ? "ip:" + command.ClientAddress : "owner:" + command.Owner,
                key,
                RequestHash(inspection, command.DeclaredContentType, limits))
            : null;
        if (retry is not null && await FindEarlierAsync(retry, now, cancellationToken) is { } earlier)
        {
            return Replay(earlier, retry, command.Owner);
        }

        var deleteToken = DeleteToken.New();
        var paste = Domain.Pastes.Paste.Create(
            idGenerator.NewId(), inspection, command.DeclaredContentType, command.Owner, now, limits, DeleteToken.Hash(deleteToken));
        var url = $"{command.PublicBaseUrl}/{paste.Id}";
        var created = new CreatedPaste(
            paste.Id,
            url,
            paste.MimeType,
            paste.CreatedAt,
            paste.Owner,
            paste.ExpiresAt(options.Value.Expiry),
            deleteToken,
            Convert.ToHexStringLower(inspection.Sha256),
            paste.ViewsLeft,
            paste.BurnsAfterReading);

        // The announcements are committed with the paste: once the caller has its 201, delivery is only a matter of time.
        var announcements = Announcements(url, now);
        var admission = new PasteAdmission(
            Quota(command.Owner, now),
            retry is null
                ? null
                : new IdempotentCreate(retry.Scope, retry.Key, retry.RequestHash, protector.Protect(JsonSerializer.Serialize(created)), now));
        try
        {
            await repository.AddAsync(paste, command.Content, announcements, admission, cancellationToken);
        }
        catch (IdempotencyKeyTakenException) when (retry is not null)
        {
            // A retry that raced the first request: that one committed, so this one answers as it did.
            var first = await FindEarlierAsync(retry, now, cancellationToken);
            return Replay(first ?? throw new InvalidOperationException("An idempotency key was taken but cannot be found."), retry, command.Owner);
        }

        metrics.PasteCreated();

        // Wakes the dispatcher so they go out at once; without the signal they would wait for its next poll.
        if (announcements.Count > 0)
        {
            dispatchSignal.Notify();
        }

        return created;
    }

    private Task<IdempotentCreate?> FindEarlierAsync(RetryableRequest retry, DateTimeOffset now, CancellationToken cancellationToken) =>
        repository.FindIdempotentCreateAsync(retry.Scope, retry.Key, now - IdempotencyWindow, cancellationToken);

    private CreatedPaste Replay(IdempotentCreate earlier, RetryableRequest retry, string? owner)
    {
        if (!CryptographicOperations.FixedTimeEquals(earlier.RequestHash, retry.RequestHash))
        {
            throw new IdempotencyKeyReusedException();
        }

        var created = JsonSerializer.Deserialize<CreatedPaste>(protector.Unprotect(earlier.Response))
            ?? throw new InvalidDataException("A stored idempotent answer is empty.");
        return created with { Replayed = true, DeleteToken = owner is null ? null : created.DeleteToken };
    }

    private OwnerQuota? Quota(string? owner, DateTimeOffset now)
    {
        var quotas = options.Value.Quotas;
        return owner is null || (quotas.MaxPastesPerOwner is null && quotas.MaxBytesPerOwner is null)
            ? null
            : new OwnerQuota(owner, quotas.MaxPastesPerOwner, quotas.MaxBytesPerOwner, now, options.Value.Expiry);
    }

    /// <summary>Everything that decides what would be stored: the same request gives the same hash.</summary>
    private static byte[] RequestHash(ContentInspection inspection, string? declaredContentType, PasteLimits limits)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(inspection.Sha256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture, $"\n{declaredContentType}\n{limits.Lifetime?.Ticks}\n{limits.MaxViews}")));
        return hash.GetHashAndReset();
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

    /// <summary>A create sent with an idempotency key: whose key it is, the key, and what was asked.</summary>
    private sealed record RetryableRequest(string Scope, string Key, byte[] RequestHash);
}
