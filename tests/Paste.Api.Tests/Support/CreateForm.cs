namespace Paste.Api.Tests.Support;

/// <summary>The ways a create can ask for a lifetime and a number of reads.</summary>
public enum CreateForm
{
    /// <summary>POST / with <c>{"content": ..., "expires_in": ..., "max_views": ..., "burn_after_reading": ...}</c>.</summary>
    Json,

    /// <summary>POST / with a raw body and <c>X-Paste-Expires-In</c>, <c>X-Paste-Max-Views</c>, <c>X-Paste-Burn</c>.</summary>
    Headers,

    /// <summary>POST /?expires_in=... with a raw body; reads are asked for in headers, the query has no other option.</summary>
    Query,

    /// <summary>POST / with <c>multipart/form-data</c>: the <c>content</c> field and the options as fields beside it.</summary>
    Form,

    /// <summary>POST /submit with <c>{"c": ...}</c> and the options in headers.</summary>
    Submit,
}
