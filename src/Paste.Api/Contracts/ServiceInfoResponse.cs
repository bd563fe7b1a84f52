namespace Paste.Api.Contracts;

public sealed record ServiceInfoResponse(
    string Name,
    string Version,
    IReadOnlyDictionary<string, string> Endpoints,
    IReadOnlyDictionary<string, string> Usage,
    string Note,
    string Documentation,
    LimitsResponse Limits);
