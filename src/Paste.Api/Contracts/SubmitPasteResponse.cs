namespace Paste.Api.Contracts;

/// <summary>201 body of POST /submit: the seed's envelope, and the delete token every create answers.</summary>
/// <param name="Status">"success".</param>
/// <param name="Url">The paste's absolute URL.</param>
/// <param name="DeleteToken">
/// Send it as X-Delete-Token with DELETE to delete the paste without an identity. Shown only here; absent when an
/// anonymous caller's create is replayed for its Idempotency-Key.
/// </param>
public sealed record SubmitPasteResponse(string Status, string Url, string? DeleteToken);
