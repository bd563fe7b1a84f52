using System.Security.Cryptography;
using FluentValidation;
using Mediator;
using Paste.Application.ServerFunctions;
using Paste.Domain.Clients;

namespace Paste.Application.Clients;

/// <param name="Name">A label for operators; null names the client by its key id.</param>
/// <param name="PublicKeyBase64">Base64 of a raw 32-byte Ed25519 public key for signed requests.</param>
/// <param name="BoxPublicKeyBase64">Base64 of a raw 32-byte X25519 public key for sealed calls to <c>/v1</c>.</param>
/// <remarks>With neither key the client signs with a new shared HMAC secret.</remarks>
public sealed record AddClientCommand(string? Name, string? PublicKeyBase64, string? BoxPublicKeyBase64 = null) : ICommand<AddedClient>;

/// <param name="Secret">The shared secret, returned this once and never stored in the clear; null for Ed25519 clients.</param>
/// <param name="ServerPublicKey">For <c>/v1</c> clients, base64 of the server's box key that they seal their fields to.</param>
public sealed record AddedClient(string KeyId, string? Secret, string? ServerPublicKey = null);

public sealed class AddClientValidator : AbstractValidator<AddClientCommand>
{
    public AddClientValidator()
    {
        RuleFor(c => c.Name).Must(name => name is null || ApiClient.IsValidName(name)).WithMessage("A client name is 1 to 100 printable characters.");
        RuleFor(c => c.PublicKeyBase64)
            .Must(key => key is null || DecodeKey(key) is not null)
            .WithMessage("The public key must be the base64 of a raw 32-byte Ed25519 public key.");
        RuleFor(c => c.BoxPublicKeyBase64)
            .Must(key => key is null || DecodeKey(key) is not null)
            .WithMessage("The box key must be the base64 of a raw 32-byte X25519 public key.");
        RuleFor(c => c)
            .Must(c => c.PublicKeyBase64 is null || c.BoxPublicKeyBase64 is null)
            .WithMessage("A client has an Ed25519 public key for signed requests or a box key for /v1, not both.");
    }

    /// <summary>Both kinds of public key are raw 32-byte keys.</summary>
    internal static byte[]? DecodeKey(string base64)
    {
        var buffer = new byte[ApiClient.Ed25519PublicKeyLength + 3];
        return Convert.TryFromBase64String(base64, buffer, out var written) && written == ApiClient.Ed25519PublicKeyLength
            ? buffer[..written]
            : null;
    }
}

public sealed class AddClientHandler(IApiClientStore store, ISecretProtector protector, IServerBox serverBox, TimeProvider timeProvider)
    : ICommandHandler<AddClientCommand, AddedClient>
{
    public async ValueTask<AddedClient> Handle(AddClientCommand command, CancellationToken cancellationToken)
    {
        var keyId = ApiClient.NewKeyId();
        var name = command.Name ?? keyId;
        var now = timeProvider.GetUtcNow();
        if (command.PublicKeyBase64 is { } publicKey)
        {
            await store.AddAsync(ApiClient.WithPublicKey(keyId, name, AddClientValidator.DecodeKey(publicKey), now), cancellationToken);
            return new AddedClient(keyId, null);
        }

        if (command.BoxPublicKeyBase64 is { } boxKey)
        {
            // A call that names no client is matched to the first key that opens it: one key, one client.
            var normalized = Convert.ToBase64String(AddClientValidator.DecodeKey(boxKey)!);
            var holder = (await store.ListActiveAsync(ClientKeyType.SealedBox, int.MaxValue, cancellationToken)).FirstOrDefault(c => c.BoxPublicKey == normalized);
            if (holder is not null)
            {
                throw new ValidationException($"This box key is registered already, as client {holder.KeyId}; revoke that client first or register a new key pair.");
            }

            // As the protocol's clients expect it: 128 lower-case hex characters, sent inside a sealed field.
            var hexSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(ApiClient.BoxSecretBytes));
            await store.AddAsync(ApiClient.WithBoxKey(keyId, name, Convert.FromBase64String(normalized), protector.Protect(hexSecret), now), cancellationToken);
            return new AddedClient(keyId, hexSecret, Convert.ToBase64String(serverBox.PublicKey.Span));
        }

        // 256 random bits, URL-safe base64 so that it survives shells and config files unquoted.
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(ApiClient.SecretBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await store.AddAsync(ApiClient.WithSecret(keyId, name, protector.Protect(secret), now), cancellationToken);
        return new AddedClient(keyId, secret);
    }
}
