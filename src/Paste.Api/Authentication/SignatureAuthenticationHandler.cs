using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Paste.Api.Middleware;
using Paste.Application.Clients;
using Paste.Domain.Clients;

namespace Paste.Api.Authentication;

/// <summary>
/// Authenticates requests signed by registered clients (draft-cavage-http-signatures-12), from either
/// <c>Authorization: Signature ...</c> or a <c>Signature: ...</c> header. Every refusal looks the same to the caller;
/// the reason is logged with the request id.
/// </summary>
public sealed class SignatureAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Signature";
    public const string RefusalMessage = "Invalid signature";
    public const string Challenge = "Signature realm=\"paste\",headers=\"(request-target) host date digest\"";

    /// <summary>True when the request carries a signature in either of the two accepted places.</summary>
    public static bool IsPresent(HttpRequest request) =>
        request.Headers.ContainsKey(SchemeName) || IsSignatureAuthorization(request.Headers.Authorization.ToString());

    private static bool IsSignatureAuthorization(string authorization) =>
        authorization.Equals(SchemeName, StringComparison.OrdinalIgnoreCase)
        || authorization.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var parameters = SignatureParameters.Parse(SignatureHeaderValue());
        if (parameters is null)
        {
            return Refuse("the signature header is malformed");
        }

        // The server's own framing decides, so a body without Content-Length (HTTP/2, chunked) still needs a digest.
        var hasBody = Context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
            ?? (Request.ContentLength > 0 || Request.Headers.TransferEncoding.Count > 0);
        var expectedDigest = hasBody ? DigestVerifyingStream.ParseSha256(Request.Headers["Digest"].ToString()) : null;
        if (hasBody && expectedDigest is null)
        {
            return Refuse("the request has a body but no SHA-256 Digest header");
        }

        // The target exactly as sent (servers that do not keep it report it empty); the method as sent, not as rewritten for HEAD.
        var rawTarget = Context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var target = string.IsNullOrEmpty(rawTarget) ? Request.PathBase + Request.Path + Request.QueryString : rawTarget;
        var signingString = SignatureString.Build(parameters.Headers, HeadRequestMiddleware.OriginalMethod(Context), target, HeaderValues);
        if (signingString is null)
        {
            return Refuse("a signed header is missing from the request");
        }

        var verdict = await Context.RequestServices.GetRequiredService<ISender>().Send(
            new AuthenticateSignedRequestQuery(parameters.KeyId, parameters.Algorithm, parameters.Headers, parameters.Signature, signingString, RequestDate(), hasBody),
            Context.RequestAborted);
        if (!verdict.Accepted)
        {
            return Refuse(verdict.RefusalReason!);
        }

        if (expectedDigest is not null)
        {
            // The body is checked as it is read, so even a 50 MiB paste is never held just to hash it.
            Request.Body = new DigestVerifyingStream(Request.Body, expectedDigest, Request.ContentLength);
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, verdict.KeyId!)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private AuthenticateResult Refuse(string reason)
    {
        Logger.LogWarning("Signed request refused: {Reason}", reason);
        return AuthenticateResult.Fail(RefusalMessage);
    }

    private string SignatureHeaderValue()
    {
        var authorization = Request.Headers.Authorization.ToString();
        return IsSignatureAuthorization(authorization)
            ? authorization[SchemeName.Length..].Trim()
            : Request.Headers[SchemeName].ToString();
    }

    private IReadOnlyList<string>? HeaderValues(string name)
    {
        var values = Request.Headers[name];
        return values.Count == 0 ? null : values.Select(v => v ?? string.Empty).ToList();
    }

    private DateTimeOffset? RequestDate() =>
        DateTimeOffset.TryParseExact(Request.Headers.Date.ToString(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;
}
