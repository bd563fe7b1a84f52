using System.CommandLine;
using System.Globalization;
using Paste.Cli.Connection;
using Paste.Cli.Webhooks;

namespace Paste.Cli.Commands;

/// <summary><c>paste verify-webhook --key PUB</c>: for a receiver, whether an announcement really comes from the service.</summary>
public static class VerifyWebhookCommand
{
    private const int DefaultToleranceSeconds = 300;

    /// <summary>The prefix of the key in the form Standard Webhooks libraries take, which GET /webhook_key also gives.</summary>
    private const string StandardWebhooksKeyPrefix = "whpk_";

    public static Command Create(CliConsole console, TimeProvider time)
    {
        var key = new Option<string>("--key")
        {
            Description = "The service's public key: \"public\" from GET /webhook_key (or its \"standard_webhooks\" form).",
            Required = true,
        };
        var body = new Option<FileInfo?>("--body") { Description = "The body exactly as received; standard input when neither this nor --request is given." };
        var request = new Option<FileInfo?>("--request")
        {
            Description = "The whole request as saved raw: request line, headers, blank line, body. The flags below override its headers, --body its body.",
        };
        var xWebhookSignature = new Option<string?>("--x-webhook-signature") { Description = "The X-Webhook-Signature header." };
        var webhookId = new Option<string?>("--webhook-id") { Description = "The webhook-id header." };
        var webhookTimestamp = new Option<string?>("--webhook-timestamp") { Description = "The webhook-timestamp header." };
        var webhookSignature = new Option<string?>("--webhook-signature") { Description = "The webhook-signature header." };
        var tolerance = new Option<int>("--tolerance")
        {
            Description = "How many seconds webhook-timestamp may be from this machine's clock.",
            DefaultValueFactory = _ => DefaultToleranceSeconds,
        };
        var command = new Command("verify-webhook", """
            Check that an announcement comes from the service: its signatures verify with the service's public key, over
            the body exactly as received, and webhook-timestamp is recent. Prints 'valid' and exits 0, or prints
            'invalid:' and the reason on standard error and exits 1.

            Examples:
              paste verify-webhook --key "$PUBLIC_KEY" --x-webhook-signature "$X_WEBHOOK_SIGNATURE" \
                --webhook-id "$WEBHOOK_ID" --webhook-timestamp "$WEBHOOK_TIMESTAMP" --webhook-signature "$WEBHOOK_SIGNATURE" < body.json
              paste verify-webhook --key "$PUBLIC_KEY" --request saved.http
            """)
        {
            key, body, request, xWebhookSignature, webhookId, webhookTimestamp, webhookSignature, tolerance,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var publicKey = Ed25519Keys.ImportPublicKey(WithoutPrefix(parse.GetValue(key)!));
            var seconds = parse.GetValue(tolerance);
            if (seconds < 0)
            {
                throw new UsageException("--tolerance is a number of seconds, 0 or more.");
            }

            var saved = parse.GetValue(request) is { } requestFile ? SavedRequest.Parse(await ReadFileAsync(requestFile, cancellationToken)) : null;
            var bodyFile = parse.GetValue(body);
            var delivery = new WebhookDelivery(
                bodyFile is not null ? await ReadFileAsync(bodyFile, cancellationToken) : saved?.Body ?? await ReadAllAsync(console.Input, cancellationToken),
                parse.GetValue(xWebhookSignature) ?? saved?.Header(WebhookDelivery.XWebhookSignatureHeader),
                parse.GetValue(webhookId) ?? saved?.Header(WebhookDelivery.WebhookIdHeader),
                parse.GetValue(webhookTimestamp) ?? saved?.Header(WebhookDelivery.WebhookTimestampHeader),
                parse.GetValue(webhookSignature) ?? saved?.Header(WebhookDelivery.WebhookSignatureHeader));

            var verdict = WebhookVerifier.Verify(publicKey, delivery, time.GetUtcNow(), TimeSpan.FromSeconds(seconds));
            if (!verdict.IsValid)
            {
                await console.Error.WriteLineAsync("invalid: " + string.Join("; ", verdict.Problems));
                if (bodyFile is null && saved?.Header("Content-Length") is { } declared && declared != saved.Body.Length.ToString(CultureInfo.InvariantCulture))
                {
                    // The usual cause: an editor or a copy that added or dropped a final newline.
                    await console.Error.WriteLineAsync($"note: the saved body is {saved.Body.Length} bytes, but its Content-Length says {declared}");
                }

                return ExitCodes.Refused;
            }

            await console.WriteLineAsync("valid");
            if (verdict.Note is { } note)
            {
                await console.Error.WriteLineAsync("note: " + note);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string WithoutPrefix(string key)
    {
        var trimmed = key.Trim();
        return trimmed.StartsWith(StandardWebhooksKeyPrefix, StringComparison.Ordinal) ? trimmed[StandardWebhooksKeyPrefix.Length..] : trimmed;
    }

    private static async Task<byte[]> ReadFileAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new UsageException($"{file.FullName}: no such file.");
        }

        try
        {
            return await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{file.FullName}: {exception.Message}");
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream input, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
