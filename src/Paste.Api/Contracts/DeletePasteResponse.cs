namespace Paste.Api.Contracts;

public sealed record DeletePasteResponse(string Message);
