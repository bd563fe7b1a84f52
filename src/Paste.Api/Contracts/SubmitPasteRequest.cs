namespace Paste.Api.Contracts;

/// <summary>The JSON body of POST /submit.</summary>
public sealed record SubmitPasteRequest(string C);
