using Mediator;
using Microsoft.AspNetCore.Mvc.Filters;
using Paste.Api.Authentication;
using Paste.Application.Pastes;

namespace Paste.Api.Filters;

/// <summary>
/// Lets the action run only for the owner of the paste named by the route's <c>id</c>: anonymous callers get 401,
/// other owners 403, a missing paste 404. The rule itself is the application's <see cref="AuthorizePasteOwnerQuery"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequirePasteOwnerAttribute : Attribute, IAsyncActionFilter
{
    public const string RouteKey = "id";

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var id = context.RouteData.Values[RouteKey] as string ?? string.Empty;
        var sender = context.HttpContext.RequestServices.GetRequiredService<ISender>();
        await sender.Send(new AuthorizePasteOwnerQuery(id, context.HttpContext.User.GetOwner()), context.HttpContext.RequestAborted);
        await next();
    }
}
