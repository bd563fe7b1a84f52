using System.Text;

namespace Paste.Domain.Clients;

/// <summary>
/// The string a client signs (draft-cavage-http-signatures-12, section 2.3): one line per signed header, in the
/// order the client listed them, "name: value", joined by "\n". "(request-target)" is the lower-cased method,
/// a space and the path with its query.
/// </summary>
public static class SignatureString
{
    public const string RequestTarget = "(request-target)";

    /// <summary>Headers every signature must cover; "digest" as well whenever the request has a body.</summary>
    public static readonly IReadOnlyList<string> RequiredHeaders = [RequestTarget, "host", "date"];

    /// <param name="signedHeaders">Lower-case names, as listed in the signature's headers parameter.</param>
    /// <param name="headerValue">Returns the values of a request header, or null when the request lacks it.</param>
    /// <returns>The signing string, or null when a listed header is missing.</returns>
    public static string? Build(IReadOnlyList<string> signedHeaders, string method, string pathAndQuery, Func<string, IReadOnlyList<string>?> headerValue)
    {
        var builder = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            if (name == RequestTarget)
            {
                builder.Append(RequestTarget).Append(": ").Append(method.ToLowerInvariant()).Append(' ').Append(pathAndQuery);
                continue;
            }

            var values = headerValue(name);
            if (values is null || values.Count == 0)
            {
                return null;
            }

            builder.Append(name).Append(": ").Append(string.Join(", ", values.Select(v => v.Trim())));
        }

        return builder.ToString();
    }

    public static bool CoversRequired(IReadOnlyCollection<string> signedHeaders, bool hasBody) =>
        RequiredHeaders.All(signedHeaders.Contains) && (!hasBody || signedHeaders.Contains("digest"));
}
