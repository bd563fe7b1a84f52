using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Api.Authentication;

/// <summary>
/// Trusts the TLS client certificate fingerprint that the reverse proxy forwards in X-SSL-Client-SHA1.
/// Anything doubtful makes the request anonymous rather than failing it: authentication here only widens
/// what a caller may do.
/// </summary>
public sealed class ClientCertificateAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<PasteOptions> pasteOptions) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
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

        if (!IsFromTrustedProxy())
        {
            Logger.LogWarning("Ignoring {Header}: the proxy secret is missing or wrong", FingerprintHeader);
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

    private bool IsFromTrustedProxy()
    {
        var expected = pasteOptions.Value.ProxySecret;
        if (expected.Length == 0)
        {
            return true;
        }

        var presented = Request.Headers[ProxySecretHeader];
        return presented.Count == 1
            && CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(presented[0] ?? string.Empty)),
                SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    public static bool IsSha1Fingerprint(string? value) =>
        value is { Length: 40 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
