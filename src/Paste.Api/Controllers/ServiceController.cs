using Microsoft.AspNetCore.Mvc;
using Paste.Api.Contracts;

namespace Paste.Api.Controllers;

[ApiController]
[Route("")]
[Produces("application/json")]
public sealed class ServiceController : ControllerBase
{
    public const string Version = "1.0.0";

    /// <summary>What the service offers and how to use it with curl.</summary>
    [HttpGet("", Name = "GetServiceInfo")]
    [ProducesResponseType<ServiceInfoResponse>(StatusCodes.Status200OK)]
    public ServiceInfoResponse Info()
    {
        var host = PublicUrls.BaseUrl(Request) + "/";
        return new ServiceInfoResponse(
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
                ["POST /submit"] = "Create paste from JSON {\"c\": \"...\"}",
                ["GET /webhook_key"] = "Public key that verifies webhook signatures",
            },
            new Dictionary<string, string>
            {
                ["raw"] = $"curl --data-binary @file.txt {host}",
                ["pipe"] = $"cat file.txt | curl --data-binary @- {host}",
                ["json"] = $"curl -H 'Content-Type: application/json' -d '{{\"content\":\"...\"}}' {host}",
            },
            "Use --data-binary (not -d) to preserve newlines",
            "/swagger");
    }
}
