using Mediator;
using Microsoft.AspNetCore.Mvc;
using Paste.Api.Binding;
using Paste.Api.Contracts;
using Paste.Application.ServerFunctions;

namespace Paste.Api.Controllers;

/// <summary>
/// Sealed calls to the operator's server functions. Not an <c>[ApiController]</c>: a body that is not JSON of the
/// expected shape must get the same 401 as every other refusal, not a 400 or 415 that would tell it apart.
/// </summary>
[Route("")]
[Produces("application/json")]
public sealed class ServerFunctionsController(ISender sender) : ControllerBase
{
    /// <summary>Small: a call carries a few sealed strings, and a stranger's body is read before anything is checked.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Call a server function as a registered <c>/v1</c> client, every field sealed to the server's box key (see
    /// docs/v1.md). Every refusal, whatever its cause, is the same 401.
    /// </summary>
    [HttpPost("v1", Name = "CallServerFunction")]
    [RequestSizeLimit(MaxBodyBytes)]
    [SealedCallBody]
    [ProducesResponseType<ServerFunctionResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status429TooManyRequests)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status502BadGateway)]
    public async Task<ServerFunctionResponse> Call([FromBody] ServerFunctionRequest? request, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid || request is null)
        {
            throw new SealedCallRefusedException("the body is not a JSON object of strings");
        }

        return new ServerFunctionResponse(await sender.Send(request.ToCommand(), cancellationToken));
    }
}
