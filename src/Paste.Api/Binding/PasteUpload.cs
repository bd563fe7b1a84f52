using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Net.Http.Headers;

namespace Paste.Api.Binding;

/// <summary>
/// A paste body as sent: raw bytes of any type, kept byte for byte (never form-decoded); the JSON form
/// <c>{"content": "..."}</c>, whose string becomes UTF-8 content; or one part of a <c>multipart/form-data</c> body
/// (<see cref="MultipartUpload"/>). Content is a seekable stream at its start; <see cref="Options"/> are what the
/// body, the headers and the query ask of the paste beyond its content.
/// </summary>
[ModelBinder(typeof(PasteUploadBinder))]
public sealed record PasteUpload(Stream Content, string? DeclaredContentType, CreateOptions Options);

internal sealed class PasteUploadBinder : IModelBinder
{
    public const string InvalidJsonMessage = "Invalid JSON body";
    public const string JsonContentMember = "content";

    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var context = bindingContext.HttpContext;
        var request = context.Request;
        var sent = CreateOptions.FromHeadersAndQuery(request, bindingContext.ModelState);

        if (MultipartUpload.Boundary(request.ContentType) is { } boundary)
        {
            await BindMultipartAsync(bindingContext, boundary, sent);
            return;
        }

        if (!IsJson(request.ContentType))
        {
            bindingContext.Result = ModelBindingResult.Success(new PasteUpload(await RequestBody.ReceiveAsync(context), request.ContentType, sent));
            return;
        }

        // An empty body is no content whatever its declared type, not malformed JSON.
        var body = await RequestBody.ReadAllAsync(context);
        if (body.Count == 0)
        {
            bindingContext.Result = ModelBindingResult.Success(new PasteUpload(new MemoryStream([], writable: false), request.ContentType, sent));
            return;
        }

        if (!RequestBody.TryReadJsonString(body, JsonContentMember, out var content))
        {
            bindingContext.ModelState.AddModelError(bindingContext.ModelName, InvalidJsonMessage);
            return;
        }

        // JSON only carries the text; detection decides its type from the bytes.
        bindingContext.Result = ModelBindingResult.Success(new PasteUpload(content, null, CreateOptions.FromJson(body, bindingContext.ModelState).Or(sent)));
    }

    private static async Task BindMultipartAsync(ModelBindingContext bindingContext, string boundary, CreateOptions sent)
    {
        try
        {
            if (await MultipartUpload.ReceiveAsync(bindingContext.HttpContext, boundary, bindingContext.ModelState) is { } upload)
            {
                bindingContext.Result = ModelBindingResult.Success(upload with { Options = upload.Options.Or(sent) });
            }
            else
            {
                bindingContext.ModelState.AddModelError(bindingContext.ModelName, MultipartUpload.Refusal);
            }
        }
        catch (InvalidDataException)
        {
            bindingContext.ModelState.AddModelError(bindingContext.ModelName, MultipartUpload.MalformedMessage);
        }
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
