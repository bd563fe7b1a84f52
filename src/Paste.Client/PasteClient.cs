using System.Text;

namespace Paste.Client;

/// <summary>Shortcuts over the generated operations for the common cases.</summary>
public partial interface IPasteClient
{
    /// <summary>Creates a paste from text, stored as UTF-8 (its type is detected: <c>text/plain</c> for plain text).</summary>
    Task<CreatePasteResponse> CreatePasteAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Creates a paste from bytes, stored exactly as given; the service detects their type (PNG, PDF, text, ...).</summary>
    Task<CreatePasteResponse> CreatePasteAsync(byte[] content, CancellationToken cancellationToken = default);
}

/// <summary>
/// The Paste API. The operations are generated from docs/openapi.json (obj/.../PasteClient.g.cs); the base address of
/// the injected <see cref="HttpClient"/> is the service's root and must end with a slash.
/// </summary>
public partial class PasteClient
{
    /// <summary>
    /// Keeps every answer's body as text as well, so that a <see cref="PasteApiException"/> has it in its
    /// <see cref="PasteApiException.Response"/> and its message (the generated default streams the body and keeps none).
    /// Raw paste content (<see cref="GetPasteRawAsync(string, CancellationToken)"/>) is still streamed.
    /// </summary>
    partial void Initialize() => ReadResponseAsString = true;

    /// <inheritdoc />
    public virtual Task<CreatePasteResponse> CreatePasteAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CreatePasteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    /// <inheritdoc />
    public virtual async Task<CreatePasteResponse> CreatePasteAsync(byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var body = new MemoryStream(content, writable: false);
        return await CreatePasteAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
