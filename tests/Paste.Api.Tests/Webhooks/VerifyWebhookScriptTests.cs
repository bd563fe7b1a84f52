using System.Text;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Webhooks;

/// <summary>
/// docs/verify-webhook.sh, the receiver-side example that needs only bash, base64 and openssl, run on real
/// notifications. openssl is a requirement of these tests (CI installs it): without it they fail, saying so.
/// </summary>
public sealed class VerifyWebhookScriptTests(StorageProvider provider) : WebhookFixture(provider)
{
    private const string ScriptPath = "docs/verify-webhook.sh";

    private string workDirectory = null!;

    [SetUp]
    public void CreateWorkDirectory() => workDirectory = Directory.CreateTempSubdirectory("paste-verify-webhook-").FullName;

    [TearDown]
    public void DeleteWorkDirectory() => Directory.Delete(workDirectory, recursive: true);

    [Test]
    public async Task The_script_verifies_a_real_notification()
    {
        var notification = await CaptureAsync("verify me with openssl");

        var result = await RunScriptAsync(notification, notification.Body);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput.Trim(), Is.EqualTo("verified"));
    }

    [Test]
    public async Task The_script_refuses_a_tampered_body()
    {
        var notification = await CaptureAsync("tamper with me");
        var tampered = Encoding.UTF8.GetBytes(notification.BodyText.Replace("newpaste", "oldpaste", StringComparison.Ordinal));

        var result = await RunScriptAsync(notification, tampered);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError, Does.Contain("NOT VERIFIED"));
    }

    [Test]
    public async Task The_script_refuses_a_body_with_one_more_trailing_newline()
    {
        var notification = await CaptureAsync("bytes, not text");

        var result = await RunScriptAsync(notification, [.. notification.Body, (byte)'\n']);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
    }

    [Test]
    public async Task The_script_refuses_a_standard_signature_taken_from_another_notification()
    {
        var notification = await CaptureAsync("first");
        var other = await CaptureAsync("second");
        var spliced = notification with
        {
            Headers = new Dictionary<string, string>(notification.Headers, StringComparer.OrdinalIgnoreCase)
            {
                ["webhook-signature"] = other.Header("webhook-signature")!,
            },
        };

        var result = await RunScriptAsync(spliced, spliced.Body);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError, Does.Contain("webhook-signature does not verify"));
    }

    [Test]
    public async Task The_script_refuses_another_services_key()
    {
        var notification = await CaptureAsync("not from them");

        var result = await RunScriptAsync(notification, notification.Body, WebhookSignatureCheck.RandomPublicKey());

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError, Does.Contain("X-Webhook-Signature does not verify"));
    }

    [Test]
    public async Task The_script_without_arguments_prints_its_usage()
    {
        var result = await ExternalProcess.RunAsync("/bin/bash", [FindScript()]);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.StandardError, Does.Contain("usage: verify-webhook.sh"));
    }

    /// <summary>The script, found by walking up from the test assembly to the repository root.</summary>
    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, ScriptPath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"{ScriptPath} was not found above {AppContext.BaseDirectory}");
        return null!;
    }

    private static async Task EnsureOpensslAsync()
    {
        var version = await ExternalProcess.RunAsync("openssl", ["version"]);
        Assert.That(version.ExitCode, Is.Zero, $"openssl is required by {ScriptPath} and these tests (apt-get install openssl): {version}");
    }

    /// <summary>Creates a paste and returns its notification as the receiver got it.</summary>
    private async Task<ReceivedWebhook> CaptureAsync(string text)
    {
        var paste = await Client.CreatePasteAsync(text);
        return await Receiver.WaitForDeliveryAsync(WebhookApi.AnnouncedUrl(paste));
    }

    /// <summary>Runs the script on <paramref name="notification"/>'s headers with <paramref name="body"/> as the body received.</summary>
    private async Task<ProcessResult> RunScriptAsync(ReceivedWebhook notification, byte[] body, byte[]? publicKey = null)
    {
        await EnsureOpensslAsync();
        var bodyFile = Path.Combine(workDirectory, "body.json");
        await File.WriteAllBytesAsync(bodyFile, body);
        return await ExternalProcess.RunAsync("/bin/bash", [
            FindScript(),
            Convert.ToBase64String(publicKey ?? PublicKey),
            bodyFile,
            notification.Header("X-Webhook-Signature")!,
            notification.Header("webhook-id")!,
            notification.Header("webhook-timestamp")!,
            notification.Header("webhook-signature")!,
        ]);
    }
}
