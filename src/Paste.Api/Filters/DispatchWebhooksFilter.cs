using Microsoft.AspNetCore.Mvc.Filters;
using Paste.Application.Webhooks;

namespace Paste.Api.Filters;

/// <summary>
/// After an action that commits webhook announcements succeeds, wakes the dispatcher so they go out at once.
/// Losing this signal delays nothing for long: the dispatcher also finds due work in the outbox on its own.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DispatchWebhooksAttribute : Attribute, IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is null || executed.ExceptionHandled)
        {
            context.HttpContext.RequestServices.GetRequiredService<IWebhookDispatchSignal>().Notify();
        }
    }
}
