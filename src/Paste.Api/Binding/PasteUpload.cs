using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Net.Http.Headers;

namespace Paste.Api.Binding;

/// <summary>
/// A paste body as sent: raw bytes of any type, kept byte for byte (never form-decoded); the JSON form
/// <c>{"content": "..."}</c>, whose string becomes UTF-8 content; or one part of a <c>multipart/form-data</c> body
/// (<see cref="MultipartUpload"/>). Content is a seekable stream at its start.
/// </summary>
[ModelBinder(typeof(PasteUploadBinder))]
public sealed record PasteUpload(Stream Content, string? DeclaredContentType);

internal sealed class PasteUploadBinder : IModelBinder
{
    public const string InvalidJsonMessage = "Invalid JSON body";
    public const string JsonContentMember = "content";

    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var context = bindingContext.HttpContext;
        var request = context.Request;

        if (MultipartUpload.Boundary(request.ContentType) is { } boundary)
        {
            await BindMultipartAsync(bindingContext, boundary);
            return;
        }

        if (!IsJson(request.ContentType))
        {
            bindingContext.Result = ModelBindingResult.Success(new PasteUpload(await RequestBody.ReceiveAsync(context), request.ContentType));
            return;
        }

        // An empty body is no content whatever its declared type, not malformed JSON.
        var body = await RequestBody.ReadAllAsync(context);
        if (body.Length == 0)
        {
            bindingContext.Result = ModelBindingResult.Success(new PasteUpload(new MemoryStream(body, writable: false), request.ContentType));
            return;
        }

        if (!RequestBody.TryReadJsonString(body, JsonContentMember, out var content))
        {
            bindingContext.ModelState.AddModelError(bindingContext.ModelName, InvalidJsonMessage);
            return;
        }

        // JSON only carries the text; detection decides its type from the bytes.
        bindingContext.Result = ModelBindingResult.Success(new PasteUpload(content, null));
    }

    private static async Task BindMultipartAsync(ModelBindingContext bindingContext, string boundary)
    {
        try
        {
            if (await MultipartUpload.ReceiveAsync(bindingContext.HttpContext, boundary) is { } upload)
            {
                bindingContext.Result = ModelBindingResult.Success(upload);
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
