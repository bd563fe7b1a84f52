namespace Paste.Api.Contracts;

/// <summary>Every error of POST /submit: <c>status</c> is always "error".</summary>
public sealed record SubmitErrorResponse(string Status, string Error, string RequestId, long? Size = null, long? MaxSize = null, bool? Authenticated = null);
