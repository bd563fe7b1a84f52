using Microsoft.AspNetCore.Mvc.Filters;
using Paste.Application.ServerFunctions;

namespace Paste.Api.Binding;

/// <summary>
/// Refuses a sealed call whose body is not declared as JSON before model binding runs, so that it gets the same 401
/// as any other refusal instead of MVC's 415.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SealedCallBodyAttribute : Attribute, IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        if (!context.HttpContext.Request.HasJsonContentType())
        {
            throw new SealedCallRefusedException("the body is not sent as application/json");
        }
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
