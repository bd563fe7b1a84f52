namespace Paste.Api.Authentication;

/// <summary>
/// A signed request was refused: its signature failed, or its body did not match the signed Digest. The exception
/// handler answers it with 401 and the challenge, like every other refusal.
/// </summary>
public sealed class InvalidSignatureException() : Exception(SignatureAuthenticationHandler.RefusalMessage);
