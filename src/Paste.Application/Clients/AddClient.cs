using System.Security.Cryptography;
using FluentValidation;
using Mediator;
using Paste.Domain.Clients;

namespace Paste.Application.Clients;

/// <param name="PublicKeyBase64">Base64 of a raw 32-byte Ed25519 public key; null registers a client with a new shared secret.</param>
public sealed record AddClientCommand(string Name, string? PublicKeyBase64) : ICommand<AddedClient>;

/// <param name="Secret">The shared secret, returned this once and never stored in the clear; null for public-key clients.</param>
public sealed record AddedClient(string KeyId, string? Secret);

public sealed class AddClientValidator : AbstractValidator<AddClientCommand>
{
    public AddClientValidator()
    {
        RuleFor(c => c.Name).Must(ApiClient.IsValidName).WithMessage("A client name is 1 to 100 printable characters.");
        RuleFor(c => c.PublicKeyBase64)
            .Must(key => key is null || DecodePublicKey(key) is not null)
            .WithMessage("The public key must be the base64 of a raw 32-byte Ed25519 public key.");
    }

    internal static byte[]? DecodePublicKey(string base64)
    {
        var buffer = new byte[ApiClient.Ed25519PublicKeyLength + 3];
        return Convert.TryFromBase64String(base64, buffer, out var written) && written == ApiClient.Ed25519PublicKeyLength
            ? buffer[..written]
            : null;
    }
}

public sealed class AddClientHandler(IApiClientStore store, ISecretProtector protector, TimeProvider timeProvider)
    : ICommandHandler<AddClientCommand, AddedClient>
{
    public async ValueTask<AddedClient> Handle(AddClientCommand command, CancellationToken cancellationToken)
    {
        var keyId = ApiClient.NewKeyId();
        var now = timeProvider.GetUtcNow();
        if (command.PublicKeyBase64 is { } publicKey)
        {
            await store.AddAsync(ApiClient.WithPublicKey(keyId, command.Name, AddClientValidator.DecodePublicKey(publicKey), now), cancellationToken);
            return new AddedClient(keyId, null);
        }

        // 256 random bits, URL-safe base64 so that it survives shells and config files unquoted.
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(ApiClient.SecretBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await store.AddAsync(ApiClient.WithSecret(keyId, command.Name, protector.Protect(secret), now), cancellationToken);
        return new AddedClient(keyId, secret);
    }
}
