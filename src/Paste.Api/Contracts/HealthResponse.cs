namespace Paste.Api.Contracts;

public sealed record HealthResponse(string Status, string Database);
