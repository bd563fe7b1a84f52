using System.Text.Json;

namespace Paste.Client;

/// <summary>
/// Thrown for every answer the operation does not succeed with. <see cref="StatusCode"/> is the HTTP status and
/// <see cref="Error"/> the service's error string (<c>Paste not found</c>, <c>Paste too large</c>, ...); the typed
/// <see cref="PasteApiException{TResult}"/> also carries the parsed body: <see cref="ErrorResponse"/> (RFC 9457
/// problem details), <see cref="SubmitErrorResponse"/> for /submit.
/// </summary>
public partial class PasteApiException
{
    /// <summary>The <c>error</c> member of the answer's JSON body, or null when it has none.</summary>
    public string? Error
    {
        get
        {
            if (string.IsNullOrEmpty(Response))
            {
                return null;
            }

            try
            {
                using var body = JsonDocument.Parse(Response);
                return body.RootElement.ValueKind == JsonValueKind.Object
                    && body.RootElement.TryGetProperty("error", out var error)
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
}
