using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Paste.Api.Authentication;
using Paste.Api.Contracts;
using Paste.Api.Negotiation;
using Paste.Api.Pages;
using Paste.Api.Protection;
using Paste.Application.Common;
using Paste.Application.Pastes;

namespace Paste.Api.Controllers;

[ApiController]
[Route("")]
[Produces("application/json")]
public sealed class ServiceController(IOptions<PasteOptions> options, ISender sender, RateLimitStatus rateLimits) : ControllerBase
{
    public const string Version = "1.0.0";

    /// <summary>What the service offers and how to use it with curl; a browser gets the page that creates a paste.</summary>
    [HttpGet("", Name = "GetServiceInfo")]
    [ProducesResponseType<ServiceInfoResponse>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Info(CancellationToken cancellationToken)
    {
        var baseUrl = PublicUrls.BaseUrl(Request);
        Response.Headers.Vary = HeaderNames.Accept;
        if (PasteRepresentations.WantsPage(Request))
        {
            var limit = options.Value.SizeLimits.For(authenticated: User.GetOwner() is not null);
            return PageResult.Create(new CreatePage(limit, options.Value.Expiry, baseUrl, options.Value.MaxLifetime));
        }

        var host = baseUrl + "/";
        return Ok(new ServiceInfoResponse(
            "Paste",
            Version,
            new Dictionary<string, string>
            {
                ["GET /"] = "API information",
                ["GET /health"] = "Health check",
                ["POST /"] = "Create paste",
                ["GET /<id>"] = "Retrieve paste metadata",
                ["GET /<id>/raw"] = "Retrieve raw paste content",
                ["DELETE /<id>"] = "Delete paste",
                ["GET /pastes"] = "List your pastes (identified callers)",
                ["POST /submit"] = "Create paste from JSON {\"c\": \"...\"}",
                ["GET /webhook_key"] = "Public key that verifies webhook signatures",
                ["GET /limits"] = "Your size limit, lifetime cap, expiry, rate limits and quota",
            },
            new Dictionary<string, string>
            {
                ["raw"] = $"curl --data-binary @file.txt {host}",
                ["pipe"] = $"cat file.txt | curl --data-binary @- {host}",
                ["json"] = $"curl -H 'Content-Type: application/json' -d '{{\"content\":\"...\"}}' {host}",
            },
            "Use --data-binary (not -d) to preserve newlines",
            "/swagger",
            await LimitsAsync(cancellationToken)));
    }

    /// <summary>
    /// What the service allows you: the largest paste, the longest lifetime, the expiry after the last read, your rate
    /// limits with what is left of each window, and (authenticated) your quota and what your pastes take now.
    /// </summary>
    [HttpGet("limits", Name = "GetLimits")]
    [ProducesResponseType<LimitsResponse>(StatusCodes.Status200OK)]
    public Task<LimitsResponse> Limits(CancellationToken cancellationToken) => LimitsAsync(cancellationToken);

    private async Task<LimitsResponse> LimitsAsync(CancellationToken cancellationToken) =>
        LimitsResponse.From(await sender.Send(new GetCallerLimitsQuery(User.GetOwner()), cancellationToken), await rateLimits.ForAsync(HttpContext, cancellationToken));
}
