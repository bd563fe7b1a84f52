namespace Paste.Api.Contracts;

/// <summary>200 body of POST /v1.</summary>
/// <param name="Value">What the called function returned.</param>
public sealed record ServerFunctionResponse(string Value);
