using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Paste.Api.Authentication;
using Paste.Api.Binding;
using Paste.Api.Contracts;
using Paste.Api.Middleware;
using Paste.Api.Negotiation;
using Paste.Api.Pages;
using Paste.Application.Pastes;

namespace Paste.Api.Controllers;

[ApiController]
[Route("")]
[Produces("application/json")]
public sealed class PastesController(ISender sender, SyntaxHighlighter highlighter) : ControllerBase
{
    public const string DeleteTokenHeader = "X-Delete-Token";

    /// <summary>
    /// Create a paste from a raw body (any type), from JSON <c>{"content": "..."}</c>, or from a form (one file, or a
    /// <c>content</c> field). A browser (<c>Accept</c> preferring <c>text/html</c>) is sent on to the paste's page with 303.
    /// </summary>
    [HttpPost(Name = "CreatePaste")]
    [ProducesResponseType<CreatePasteResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status507InsufficientStorage, "application/problem+json")]
    [ProducesResponseType(StatusCodes.Status303SeeOther)]
    public async Task<IActionResult> Create(PasteUpload upload, CancellationToken cancellationToken)
    {
        var created = await sender.Send(upload.Options.Command(upload.Content, upload.DeclaredContentType, HttpContext), cancellationToken);
        CreateOptions.MarkReplay(Response, created);
        if (PasteRepresentations.WantsPage(Request))
        {
            // A browser's form post: on to the paste's page, which a reload will not post again.
            Response.Headers.Location = created.Url;
            return StatusCode(StatusCodes.Status303SeeOther);
        }

        return Created(created.Url, CreatePasteResponse.From(created));
    }

    /// <summary>
    /// List the caller's live pastes, newest first, a page at a time: follow <c>next</c> until it is absent. Only an
    /// identified caller has pastes of its own. Unlike <c>GET /{id}</c>, listing is not a read: no expiry moves.
    /// </summary>
    /// <param name="cursor">Where the page starts: the cursor in the <c>next</c> of the page before; none for the first page.</param>
    /// <param name="limit">Pastes per page, from 1 to 100.</param>
    /// <param name="cancellationToken">Ends with the request.</param>
    [HttpGet("pastes", Name = "ListPastes")]
    [ProducesResponseType<ListPastesResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    public async Task<ListPastesResponse> List(string? cursor, int limit = ListPastesQuery.DefaultLimit, CancellationToken cancellationToken = default) =>
        ListPastesResponse.From(await sender.Send(new ListPastesQuery(User.GetOwner(), cursor, limit), cancellationToken), limit);

    /// <summary>
    /// Get a paste's metadata. Counts as a read: the paste's expiry moves forward. With <c>Accept: application/json</c>
    /// the answer also carries <c>status</c>, <c>expires</c> (as text) and the content as <c>data</c> (a content read);
    /// a browser (<c>Accept</c> preferring <c>text/html</c>) gets the paste's page, which shows the content.
    /// </summary>
    /// <param name="id">The paste's id.</param>
    /// <param name="lang">The page only: the language to colour text in (<c>python</c>, <c>js</c>, <c>c#</c>, ...), instead of the one its type implies.</param>
    /// <param name="cancellationToken">Ends with the request.</param>
    [HttpGet("{id}", Name = "GetPasteMetadata")]
    [ProducesResponseType<PasteMetadataResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> GetMetadata(string id, string? lang, CancellationToken cancellationToken)
    {
        Response.Headers.Vary = HeaderNames.Accept;
        return PasteRepresentations.Choose(Request) switch
        {
            PasteRepresentation.Page => PageResult.Paste(
                PastePage.From(await sender.Send(new ViewPasteQuery(id), cancellationToken), PublicUrls.BaseUrl(Request), lang, highlighter)),
            PasteRepresentation.Document => Ok(PasteMetadataResponse.From(await sender.Send(new ViewPasteQuery(id), cancellationToken))),
            _ => Ok(PasteMetadataResponse.From(await sender.Send(new GetPasteMetadataQuery(id), cancellationToken))),
        };
    }

    /// <summary>
    /// Get a paste's bytes, served with its detected type. The strong <c>ETag</c> is the content's SHA-256:
    /// <c>If-None-Match</c> with it answers 304. A single <c>Range</c> of bytes answers 206 (416 when it starts past the
    /// end); a full answer carries <c>Content-Digest</c>. Of a view-limited paste each 200 takes one read and the last
    /// deletes it; <c>HEAD</c> takes none. It has no <c>ETag</c> or <c>Content-Digest</c>, and neither conditional
    /// requests nor ranges are answered for it: every <c>GET</c> is a 200 with the whole content.
    /// </summary>
    [HttpGet("{id}/raw", Name = "GetPasteRaw")]
    [Produces("application/octet-stream")]
    [ProducesResponseType<FileResult>(StatusCodes.Status200OK, "application/octet-stream")]
    [ProducesResponseType<FileResult>(StatusCodes.Status206PartialContent, "application/octet-stream")]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status416RangeNotSatisfiable, "application/problem+json")]
    public async Task<IActionResult> GetRaw(string id, CancellationToken cancellationToken) =>
        new PasteContentResult(await sender.Send(
            new GetPasteContentQuery(id, HttpMethods.IsHead(HeadRequestMiddleware.OriginalMethod(HttpContext)), PasteContentResult.HeldVersions(Request)),
            cancellationToken));

    /// <summary>
    /// Delete a paste: its owner may, and so may anyone who sends the <c>delete_token</c> its create answered, as
    /// <c>X-Delete-Token</c>, with or without an identity.
    /// </summary>
    [HttpDelete("{id}", Name = "DeletePaste")]
    [ProducesResponseType<DeletePasteResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ErrorResponse>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<DeletePasteResponse> Delete(
        string id, [FromHeader(Name = DeleteTokenHeader)] string? deleteToken, CancellationToken cancellationToken)
    {
        await sender.Send(new DeletePasteCommand(id, User.GetOwner(), deleteToken), cancellationToken);
        return new DeletePasteResponse("Paste deleted");
    }
}
