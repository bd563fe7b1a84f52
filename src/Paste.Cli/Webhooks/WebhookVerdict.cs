namespace Paste.Cli.Webhooks;

/// <summary>What verifying a delivery found: every check that failed, and a remark on what could not be checked.</summary>
/// <param name="Problems">Why the delivery is not genuine; empty when it is.</param>
/// <param name="Note">What a valid verdict does not cover, when the delivery lacked a header that would have covered it.</param>
public sealed record WebhookVerdict(IReadOnlyList<string> Problems, string? Note)
{
    public bool IsValid => Problems.Count == 0;
}
