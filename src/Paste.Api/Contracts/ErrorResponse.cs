namespace Paste.Api.Contracts;

/// <summary>
/// Every error: RFC 9457 problem details plus the reference API's <c>error</c> string and the request id.
/// <c>size</c>, <c>max_size</c> and <c>authenticated</c> appear on 413 only.
/// </summary>
public sealed record ErrorResponse(
    string Type,
    string Title,
    int Status,
    string Error,
    string RequestId,
    long? Size = null,
    long? MaxSize = null,
    bool? Authenticated = null);
