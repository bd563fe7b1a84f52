using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Paste.Api.Binding;

/// <summary>
/// The body of POST /submit, <c>{"c": "..."}</c>. It is read as JSON whatever Content-Type says, since scripts
/// often post JSON with curl's form default. Its <see cref="Options"/> come from the headers and the query, as for a raw
/// body of POST /.
/// </summary>
[ModelBinder(typeof(SubmitUploadBinder))]
public sealed record SubmitUpload(Stream Content, CreateOptions Options);

internal sealed class SubmitUploadBinder : IModelBinder
{
    public const string JsonContentMember = "c";

    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var options = CreateOptions.FromHeadersAndQuery(bindingContext.HttpContext.Request, bindingContext.ModelState);
        var body = await RequestBody.ReadAllAsync(bindingContext.HttpContext);
        Stream content = new MemoryStream([], writable: false);
        if (body.Count > 0 && !RequestBody.TryReadJsonString(body, JsonContentMember, out content))
        {
            bindingContext.ModelState.AddModelError(bindingContext.ModelName, PasteUploadBinder.InvalidJsonMessage);
            return;
        }

        bindingContext.Result = ModelBindingResult.Success(new SubmitUpload(content, options));
    }
}
