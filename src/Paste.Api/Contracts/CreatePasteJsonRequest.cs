namespace Paste.Api.Contracts;

/// <summary>The JSON form of POST /.</summary>
public sealed record CreatePasteJsonRequest(string Content);
