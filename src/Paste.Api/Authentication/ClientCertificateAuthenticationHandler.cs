using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Paste.Api.Protection;
using Paste.Application.Common;

namespace Paste.Api.Authentication;

/// <summary>
/// Trusts the TLS client certificate fingerprint that the reverse proxy forwards in X-SSL-Client-SHA1: with
/// <c>Paste:ProxySecret</c> set, on requests that carry that secret in X-Proxy-Secret; without it, only on requests
/// whose connection comes from a trusted proxy (<see cref="TrustedProxies"/>), since anyone else who can reach the port
/// could otherwise claim any identity. Anything doubtful makes the request anonymous rather than failing it:
/// authentication here only widens what a caller may do.
/// </summary>
public sealed class ClientCertificateAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<PasteOptions> pasteOptions,
    TrustedProxies trustedProxies) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ClientCertificate";
    public const string FingerprintHeader = "X-SSL-Client-SHA1";
    public const string ProxySecretHeader = "X-Proxy-Secret";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(FingerprintHeader, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (UntrustedBecause() is { } reason)
        {
            Logger.LogWarning("Ignoring {Header}: {Reason}", FingerprintHeader, reason);
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var fingerprint = values.Count == 1 ? values[0] : null;
        if (!IsSha1Fingerprint(fingerprint))
        {
            Logger.LogWarning("Ignoring {Header}: not 40 lowercase hexadecimal characters", FingerprintHeader);
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, fingerprint!)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>Why the fingerprint header cannot be believed on this request, or null when it can.</summary>
    private string? UntrustedBecause()
    {
        var expected = pasteOptions.Value.ProxySecret;
        if (expected.Length == 0)
        {
            return trustedProxies.Connected(Context) ? null : "no proxy secret is set and the connection is not from a trusted proxy";
        }

        var presented = Request.Headers[ProxySecretHeader];
        var matches = presented.Count == 1
            && CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(presented[0] ?? string.Empty)),
                SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
        return matches ? null : "the proxy secret is missing or wrong";
    }

    public static bool IsSha1Fingerprint(string? value) =>
        value is { Length: 40 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
