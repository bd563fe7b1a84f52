namespace Paste.Domain.Clients;

/// <summary>
/// How a registered client proves itself: a shared secret (HMAC-SHA256) or its own Ed25519 key pair for signed
/// requests, or an X25519 box key and a secret for sealed calls to <c>/v1</c>.
/// </summary>
public enum ClientKeyType
{
    HmacSha256 = 0,
    Ed25519 = 1,
    SealedBox = 2,
}
