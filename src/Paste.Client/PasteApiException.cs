using System.Text.Json;

namespace Paste.Client;

/// <summary>
/// Thrown for every answer the operation does not succeed with. <see cref="StatusCode"/> is the HTTP status,
/// <see cref="Error"/> the service's error string (<c>Paste not found</c>, <c>Paste too large</c>, ...), and the
/// message carries both. The typed <see cref="PasteApiException{TResult}"/> also carries the parsed body:
/// <see cref="ErrorResponse"/> (RFC 9457 problem details), or <see cref="SubmitErrorResponse"/> for /submit.
/// </summary>
public partial class PasteApiException
{
    /// <summary>The service's error string: the <c>error</c> member of the answer's JSON body, or null when it has none.</summary>
    public string? Error => this switch
    {
        PasteApiException<ErrorResponse> problem => problem.Result.Error,
        PasteApiException<SubmitErrorResponse> envelope => envelope.Result.Error,
        _ => ErrorMember(Response),
    };

    private static string? ErrorMember(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String
                    ? error.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
