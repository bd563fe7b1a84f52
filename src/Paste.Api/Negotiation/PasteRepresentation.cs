using Microsoft.Net.Http.Headers;

namespace Paste.Api.Negotiation;

/// <summary>Which body GET /{id} answers with, from the request's Accept header.</summary>
public enum PasteRepresentation
{
    /// <summary>FlaskPaste's metadata, byte for byte: for <c>*/*</c> (curl), no Accept, or anything else.</summary>
    Metadata,

    /// <summary>The metadata with <c>status</c>, <c>expires</c> and <c>data</c>: for <c>application/json</c> asked for by name.</summary>
    Document,
}

public static class PasteRepresentations
{
    /// <summary>
    /// The document only when <c>application/json</c> itself is accepted (a wildcard does not count, so curl and
    /// FlaskPaste clients keep the metadata) and preferred at least as much as any other type named.
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
        var json = accept.Where(type => type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)).Select(Quality).DefaultIfEmpty(0).Max();
        if (json <= 0)
        {
            return PasteRepresentation.Metadata;
        }

        var best = accept.Where(type => !type.MatchesAllTypes && !type.MatchesAllSubTypes).Select(Quality).Max();
        return json >= best ? PasteRepresentation.Document : PasteRepresentation.Metadata;
    }

    private static double Quality(MediaTypeHeaderValue type) => type.Quality ?? 1;
}
