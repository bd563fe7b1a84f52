namespace Paste.Domain.Clients;

/// <summary>How a registered client proves its requests: a shared secret (HMAC-SHA256) or its own Ed25519 key pair.</summary>
public enum ClientKeyType
{
    HmacSha256 = 0,
    Ed25519 = 1,
}
