using Microsoft.Net.Http.Headers;

namespace Paste.Api.Negotiation;

/// <summary>What a request's Accept header asks for, where the service answers people and programs differently.</summary>
public enum PasteRepresentation
{
    /// <summary>FlaskPaste's metadata, byte for byte: for <c>*/*</c> (curl), no Accept, or anything else.</summary>
    Metadata,

    /// <summary>The metadata with <c>status</c>, <c>expires</c> and <c>data</c>: for <c>application/json</c> asked for by name.</summary>
    Document,

    /// <summary>An HTML page: for <c>text/html</c> asked for by name and preferred, as a browser's navigation asks.</summary>
    Page,
}

public static class PasteRepresentations
{
    /// <summary>
    /// The document when <c>application/json</c> itself is accepted and preferred at least as much as any other type
    /// named; else a page when <c>text/html</c> is. Wildcards never count, so curl and FlaskPaste clients keep the metadata.
    /// </summary>
    public static PasteRepresentation Choose(HttpRequest request)
    {
        // Most API reads send no Accept, or curl's */*: answered without parsing anything.
        var header = request.Headers.Accept;
        if (header.Count == 0 || (header.Count == 1 && header[0] == "*/*"))
        {
            return PasteRepresentation.Metadata;
        }

        var accept = request.GetTypedHeaders().Accept;
        var best = accept.Where(type => !type.MatchesAllTypes && !type.MatchesAllSubTypes).Select(Quality).DefaultIfEmpty(0).Max();
        if (best <= 0)
        {
            return PasteRepresentation.Metadata;
        }

        if (QualityOf(accept, "application/json") == best)
        {
            return PasteRepresentation.Document;
        }

        return QualityOf(accept, "text/html") == best ? PasteRepresentation.Page : PasteRepresentation.Metadata;
    }

    /// <summary>Whether the caller is a browser navigating: it gets pages, HTML error pages and redirects after a form.</summary>
    public static bool WantsPage(HttpRequest request) => Choose(request) == PasteRepresentation.Page;

    private static double QualityOf(IList<MediaTypeHeaderValue> accept, string mediaType) =>
        accept.Where(type => type.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase)).Select(Quality).DefaultIfEmpty(0).Max();

    private static double Quality(MediaTypeHeaderValue type) => type.Quality ?? 1;
}
