using System.Security.Cryptography;
using System.Text;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Domain.Clients;

namespace Paste.Application.Clients;

/// <summary>
/// A request's signature as the transport layer parsed it. The signing string is already built from the
/// request's own headers, so a signature over anything else cannot verify.
/// </summary>
public sealed record AuthenticateSignedRequestQuery(
    string KeyId,
    string? Algorithm,
    IReadOnlyList<string> SignedHeaders,
    byte[] Signature,
    string SigningString,
    DateTimeOffset? Date,
    bool HasBody) : IQuery<SignatureVerdict>;

/// <summary>
/// Accepted with the client's key id, or refused with a reason. The reason is for the log only: callers all get
/// the same answer, so that a forger learns nothing about which check failed.
/// </summary>
public sealed record SignatureVerdict(string? KeyId, string? RefusalReason)
{
    public bool Accepted => KeyId is not null;

    public static SignatureVerdict Accept(string keyId) => new(keyId, null);

    public static SignatureVerdict Refuse(string reason) => new(null, reason);
}

public sealed class AuthenticateSignedRequestHandler(
    IApiClientStore store,
    ISecretProtector protector,
    IEd25519Verifier ed25519,
    IReplayGuard replayGuard,
    TimeProvider timeProvider,
    IOptions<SignatureOptions> options) : IQueryHandler<AuthenticateSignedRequestQuery, SignatureVerdict>
{
    public async ValueTask<SignatureVerdict> Handle(AuthenticateSignedRequestQuery query, CancellationToken cancellationToken)
    {
        if (!SignatureString.CoversRequired(query.SignedHeaders, query.HasBody))
        {
            return SignatureVerdict.Refuse("the signature does not cover (request-target), host, date and, with a body, digest");
        }

        var skew = options.Value.ClockSkew;
        var now = timeProvider.GetUtcNow();
        if (query.Date is not { } date || (date - now).Duration() > skew)
        {
            return SignatureVerdict.Refuse("the Date header is missing or outside the allowed clock skew");
        }

        var client = ApiClient.IsWellFormedKeyId(query.KeyId) ? await store.FindAsync(query.KeyId, cancellationToken) : null;
        if (client is null)
        {
            return SignatureVerdict.Refuse("unknown key id");
        }

        if (client.IsRevoked)
        {
            return SignatureVerdict.Refuse("the client is revoked");
        }

        if (!client.Accepts(query.Algorithm))
        {
            return SignatureVerdict.Refuse("the algorithm does not match the client's key type");
        }

        if (!Verifies(client, Encoding.UTF8.GetBytes(query.SigningString), query.Signature))
        {
            return SignatureVerdict.Refuse("the signature does not verify");
        }

        // Remembered for as long as the same Date could still pass the skew check.
        if (!await replayGuard.TryAcceptAsync(client.KeyId, query.Signature, date + skew, cancellationToken))
        {
            return SignatureVerdict.Refuse("the signature was already used");
        }

        return SignatureVerdict.Accept(client.KeyId);
    }

    private bool Verifies(ApiClient client, byte[] signingString, byte[] signature)
    {
        if (client.KeyType == ClientKeyType.Ed25519)
        {
            return ed25519.Verify(Convert.FromBase64String(client.KeyMaterial), signingString, signature);
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(protector.Unprotect(client.KeyMaterial)), signingString);
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }
}
