using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Crypto.Parameters;
using Paste.Application.Clients;
using Paste.Domain.Clients;

namespace Paste.Api.Tests.Support;

/// <summary>Registers, revokes and purges API clients through the running application, as the command line would.</summary>
public static class RegisteredClients
{
    public static async Task<T> SendAsync<T>(this PasteApiFactory factory, Mediator.ICommand<T> command)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command);
    }

    /// <summary>A new shared-secret client.</summary>
    public static async Task<SigningKey> AddHmacClientAsync(this PasteApiFactory factory, string name = "hmac test client")
    {
        var added = await factory.SendAsync(new AddClientCommand(name, null));
        return SigningKey.Hmac(added.KeyId, added.Secret!);
    }

    /// <summary>A new public-key client whose private key (BouncyCastle) stays with the test.</summary>
    public static async Task<SigningKey> AddEd25519ClientAsync(this PasteApiFactory factory, Ed25519PrivateKeyParameters? privateKey = null, string name = "ed25519 test client")
    {
        privateKey ??= Ed25519Keys.NewPrivateKey();
        var added = await factory.SendAsync(new AddClientCommand(name, Convert.ToBase64String(Ed25519Keys.PublicKey(privateKey))));
        Assert.That(added.Secret, Is.Null);
        return SigningKey.Ed25519(added.KeyId, privateKey);
    }

    /// <summary>Stores a client under a chosen key id, for known-answer vectors; the secret is protected as the application would.</summary>
    public static async Task StoreClientAsync(this PasteApiFactory factory, string keyId, string? secret = null, byte[]? publicKey = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var client = secret is not null
            ? ApiClient.WithSecret(keyId, "known answer", services.GetRequiredService<ISecretProtector>().Protect(secret), now)
            : ApiClient.WithPublicKey(keyId, "known answer", publicKey, now);
        await services.GetRequiredService<IApiClientStore>().AddAsync(client, CancellationToken.None);
    }

    public static async Task RevokeClientAsync(this PasteApiFactory factory, string keyId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RevokeClientCommand(keyId));
    }
}
