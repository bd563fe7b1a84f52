namespace Paste.Api.Contracts;

/// <summary>The JSON form of POST /.</summary>
/// <param name="Content">The paste's text.</param>
/// <param name="ExpiresIn">Seconds the paste may live at most, whatever its reads; at most Paste:MaxLifetime (default 30 days).</param>
/// <param name="MaxViews">Content reads after which the paste is deleted.</param>
/// <param name="BurnAfterReading">The first content read deletes the paste; the same as max_views 1.</param>
public sealed record CreatePasteJsonRequest(string Content, long? ExpiresIn = null, int? MaxViews = null, bool? BurnAfterReading = null);
