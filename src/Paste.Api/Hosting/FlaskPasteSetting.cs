namespace Paste.Api.Hosting;

/// <summary>A FlaskPaste variable that was set; <paramref name="Problem"/> says why its value could not be used, if it could not.</summary>
public sealed record FlaskPasteSetting(FlaskPasteVariable Variable, string? Problem);
