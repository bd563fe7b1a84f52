using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Api.Authentication;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The caller's owner identity, or null for an anonymous caller.</summary>
    public static string? GetOwner(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
}
