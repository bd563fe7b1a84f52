namespace Paste.Application.Common;

/// <summary>The service is shutting down and its store takes no more writes; nothing of this one was kept.</summary>
public sealed class ServiceStoppingException() : PasteException("Service is shutting down");
