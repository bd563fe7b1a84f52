namespace Paste.Api.Contracts;

/// <summary>201 body of POST /submit.</summary>
public sealed record SubmitPasteResponse(string Status, string Url);
