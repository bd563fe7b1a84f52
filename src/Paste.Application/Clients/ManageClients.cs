using System.Security.Cryptography;
using FluentValidation;
using Mediator;
using Paste.Application.Common;
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

public sealed record ListClientsQuery : IQuery<IReadOnlyList<ClientSummary>>;

/// <summary>What an operator may see of a client: never its secret.</summary>
public sealed record ClientSummary(string KeyId, string Name, string Algorithm, DateTimeOffset CreatedAt, bool Revoked);

public sealed class ListClientsHandler(IApiClientStore store) : IQueryHandler<ListClientsQuery, IReadOnlyList<ClientSummary>>
{
    public async ValueTask<IReadOnlyList<ClientSummary>> Handle(ListClientsQuery query, CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken))
            .Select(c => new ClientSummary(c.KeyId, c.Name, c.KeyType == ClientKeyType.Ed25519 ? "ed25519" : "hmac-sha256", c.CreatedAt, c.IsRevoked))
            .ToList();
}

public sealed record RevokeClientCommand(string KeyId) : ICommand;

public sealed class RevokeClientHandler(IApiClientStore store, TimeProvider timeProvider) : ICommandHandler<RevokeClientCommand>
{
    public async ValueTask<Unit> Handle(RevokeClientCommand command, CancellationToken cancellationToken)
    {
        var client = await store.FindAsync(command.KeyId, cancellationToken) ?? throw new NotFoundException("Client not found");
        client.Revoke(timeProvider.GetUtcNow());
        await store.UpdateAsync(client, cancellationToken);
        return Unit.Value;
    }
}

public sealed record PurgeClientsCommand : ICommand<int>;

public sealed class PurgeClientsHandler(IApiClientStore store) : ICommandHandler<PurgeClientsCommand, int>
{
    public async ValueTask<int> Handle(PurgeClientsCommand command, CancellationToken cancellationToken) =>
        await store.DeleteAllAsync(cancellationToken);
}
