namespace Paste.Api.Contracts;

public static class PasteRoutes
{
    public static string Paste(string id) => $"/{id}";

    public static string Raw(string id) => $"/{id}/raw";
}
