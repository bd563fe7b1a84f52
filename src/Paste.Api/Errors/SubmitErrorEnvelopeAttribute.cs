namespace Paste.Api.Errors;

/// <summary>
/// Marks endpoints of the notification API (POST /submit), whose callers expect its own error shape
/// <c>{"status":"error","error":"..."}</c> instead of problem details. The HTTP status code is the same.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class SubmitErrorEnvelopeAttribute : Attribute;
