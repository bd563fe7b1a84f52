namespace Paste.Api.Contracts;

/// <summary>200 body of GET /health/live.</summary>
/// <param name="Status">Always <c>alive</c>.</param>
public sealed record LivenessResponse(string Status);
