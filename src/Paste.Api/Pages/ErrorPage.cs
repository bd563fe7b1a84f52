namespace Paste.Api.Pages;

/// <summary>An error for a person: the status, its reason, the same message the JSON carries, and the id to quote.</summary>
public sealed record ErrorPage(int Status, string Title, string Message, string RequestId);
