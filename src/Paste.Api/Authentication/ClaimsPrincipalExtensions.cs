using System.Security.Claims;

namespace Paste.Api.Authentication;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The caller's owner identity, or null for an anonymous caller.</summary>
    public static string? GetOwner(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
}
