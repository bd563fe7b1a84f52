using Mediator;
using Microsoft.AspNetCore.Mvc;
using Paste.Api.Authentication;
using Paste.Api.Binding;
using Paste.Api.Contracts;
using Paste.Api.Errors;
using Paste.Application.Pastes;
using Paste.Application.Webhooks;

namespace Paste.Api.Controllers;

/// <summary>The notification API: a minimal JSON create endpoint and the key that verifies webhook signatures.</summary>
[ApiController]
[Route("")]
[Produces("application/json")]
public sealed class NotificationsController(ISender sender) : ControllerBase
{
    /// <summary>The Ed25519 public key that verifies every webhook notification. Fetch once and keep it in configuration.</summary>
    [HttpGet("webhook_key", Name = "GetWebhookKey")]
    [ProducesResponseType<WebhookKeyResponse>(StatusCodes.Status200OK)]
    public async Task<WebhookKeyResponse> GetKey(CancellationToken cancellationToken) =>
        WebhookKeyResponse.From(await sender.Send(new GetWebhookKeyQuery(), cancellationToken));

    /// <summary>Create a text paste from JSON <c>{"c": "..."}</c>; answers with the paste's absolute URL.</summary>
    [HttpPost("submit", Name = "SubmitPaste")]
    [SubmitErrorEnvelope]
    [ProducesResponseType<SubmitPasteResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<SubmitErrorResponse>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<SubmitErrorResponse>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<SubmitErrorResponse>(StatusCodes.Status507InsufficientStorage)]
    [ProducesResponseType<SubmitErrorResponse>(StatusCodes.Status500InternalServerError)]
    public async Task<IActionResult> Submit(SubmitUpload upload, CancellationToken cancellationToken)
    {
        var created = await sender.Send(upload.Options.Command(upload.Content, null, HttpContext), cancellationToken);
        CreateOptions.MarkReplay(Response, created);
        return Created(created.Url, new SubmitPasteResponse("success", created.Url, created.DeleteToken));
    }
}
