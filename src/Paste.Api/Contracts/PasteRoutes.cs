using System.Globalization;

namespace Paste.Api.Contracts;

public static class PasteRoutes
{
    public static string Paste(string id) => $"/{id}";

    public static string Raw(string id) => $"/{id}/raw";

    /// <summary>A page of GET /pastes; a cursor is base64url, which a query string carries as it is.</summary>
    public static string List(string cursor, int limit) => string.Create(CultureInfo.InvariantCulture, $"/pastes?cursor={cursor}&limit={limit}");
}
