using System.Globalization;
using System.Text.Json;
using Paste.Cli.Tests.Support;

namespace Paste.Cli.Tests;

/// <summary>
/// <c>paste verify-webhook</c> on real announcements: the server delivers each new paste to a receiver on loopback,
/// and the tool judges what the receiver got, as it got it and after a byte, a key, a signature or a time was changed.
/// </summary>
public sealed class VerifyWebhookTests(StorageProvider provider) : CliFixture(provider)
{
    private WebhookReceiver receiver = null!;

    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>
        {
            ["Paste:Webhooks:Urls:0"] = receiver.Url.ToString(),
            // Required with webhooks; announcements are found by the id at the end of their address.
            ["Paste:PublicBaseUrl"] = "https://paste.example.com",
        };

    protected override async Task BeforeServerStartsAsync() => receiver = await WebhookReceiver.StartAsync();

    [OneTimeTearDown]
    public async Task StopReceiver()
    {
        if (receiver is not null)
        {
            await receiver.DisposeAsync();
        }
    }

    [Test]
    public async Task A_real_delivery_verifies_with_its_headers_as_flags_and_its_body_on_stdin()
    {
        var delivery = await DeliveryAsync();

        var verified = await VerifyAsync(await PublicKeyAsync(), HeaderFlags(delivery), delivery.Body);
        var withStandardFormOfKey = await VerifyAsync(await PublicKeyAsync("standard_webhooks"), HeaderFlags(delivery), delivery.Body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(verified.ExitCode, Is.Zero, verified.ToString());
            Assert.That(verified.OutputText, Is.EqualTo("valid\n"));
            Assert.That(verified.Error, Is.Empty, "both signatures were checked, so there is nothing to remark");
            Assert.That(withStandardFormOfKey.ExitCode, Is.Zero, withStandardFormOfKey.ToString());
        }
    }

    [Test]
    public async Task The_same_delivery_saved_as_a_raw_request_verifies_with_crlf_or_lf_lines_and_any_header_case()
    {
        var delivery = await DeliveryAsync();
        var key = await PublicKeyAsync();
        var asSaved = await SaveAsync("saved.http", delivery.ToRawRequest());
        var retyped = await SaveAsync("retyped.http", delivery.ToRawRequest("\n", name => name.ToUpperInvariant()));

        var fromSaved = await VerifyAsync(key, [], [], "--request", asSaved);
        var fromRetyped = await VerifyAsync(key, [], [], "--request", retyped);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fromSaved.ExitCode, Is.Zero, fromSaved.ToString());
            Assert.That(fromSaved.OutputText, Is.EqualTo("valid\n"));
            Assert.That(fromRetyped.ExitCode, Is.Zero, fromRetyped.ToString());
            Assert.That(fromRetyped.OutputText, Is.EqualTo("valid\n"));
        }
    }

    [Test]
    public async Task Flags_override_the_headers_of_a_saved_request_and_body_replaces_its_body()
    {
        var delivery = await DeliveryAsync();
        var key = await PublicKeyAsync();
        var genuine = delivery.Header("webhook-signature");
        var forged = WithFlippedSignatureBit(genuine);
        var tampered = await SaveAsync("tampered.http", (delivery with { Headers = WithHeader(delivery, "webhook-signature", forged) }).ToRawRequest());
        var intact = await SaveAsync("intact.http", delivery.ToRawRequest());
        var flipped = await SaveAsync("flipped.json", WithFlippedByte(delivery.Body));

        var repairedByFlag = await VerifyAsync(key, [], [], "--request", tampered, "--webhook-signature", genuine);
        var spoiledByFlag = await VerifyAsync(key, [], [], "--request", intact, "--webhook-signature", forged);
        var spoiledByBody = await VerifyAsync(key, [], [], "--request", intact, "--body", flipped);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(repairedByFlag.ExitCode, Is.Zero, repairedByFlag.ToString());
            Assert.That(spoiledByFlag.ExitCode, Is.EqualTo(1), spoiledByFlag.ToString());
            Assert.That(spoiledByFlag.Error, Is.EqualTo("invalid: webhook-signature does not verify\n"));
            Assert.That(spoiledByBody.ExitCode, Is.EqualTo(1), spoiledByBody.ToString());
            Assert.That(spoiledByBody.Error, Does.StartWith("invalid: the body does not match the signed digest"));
        }
    }

    [Test]
    public async Task A_saved_request_whose_body_gained_a_final_newline_is_invalid_and_its_length_is_pointed_out()
    {
        var delivery = await DeliveryAsync();
        var edited = await SaveAsync("edited.http", [.. delivery.ToRawRequest(), (byte)'\n']);

        var verified = await VerifyAsync(await PublicKeyAsync(), [], [], "--request", edited);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(verified.ExitCode, Is.EqualTo(1), verified.ToString());
            Assert.That(verified.Error, Does.StartWith("invalid: the body does not match the signed digest"));
            Assert.That(verified.Error, Does.Contain($"note: the saved body is {delivery.Body.Length + 1} bytes, but its Content-Length says {delivery.Body.Length}"));
        }
    }

    [Test]
    public async Task One_flipped_byte_in_the_body_fails_both_signatures()
    {
        var delivery = await DeliveryAsync();

        var verified = await VerifyAsync(await PublicKeyAsync(), HeaderFlags(delivery), WithFlippedByte(delivery.Body));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(verified.ExitCode, Is.EqualTo(1), verified.ToString());
            Assert.That(verified.Output, Is.Empty);
            Assert.That(verified.Error, Is.EqualTo("invalid: the body does not match the signed digest; webhook-signature does not verify\n"));
        }
    }

    [Test]
    public async Task Another_key_verifies_neither_signature()
    {
        var delivery = await DeliveryAsync();
        var keygen = await PasteAsync(["keygen"]);
        Assert.That(keygen.ExitCode, Is.Zero, keygen.ToString());
        using var pair = JsonDocument.Parse(keygen.Output);
        var otherKey = pair.RootElement.GetProperty("public_key").GetString()!;

        var verified = await VerifyAsync(otherKey, HeaderFlags(delivery), delivery.Body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(verified.ExitCode, Is.EqualTo(1), verified.ToString());
            Assert.That(verified.Output, Is.Empty);
            Assert.That(verified.Error, Is.EqualTo("invalid: X-Webhook-Signature does not verify; webhook-signature does not verify\n"));
        }
    }

    [Test]
    public async Task A_tampered_webhook_signature_is_invalid_although_x_webhook_signature_verifies()
    {
        var delivery = await DeliveryAsync();
        var flags = HeaderFlags(delivery);
        flags["--webhook-signature"] = WithFlippedSignatureBit(flags["--webhook-signature"]);

        var verified = await VerifyAsync(await PublicKeyAsync(), flags, delivery.Body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(verified.ExitCode, Is.EqualTo(1), verified.ToString());
            Assert.That(verified.Error, Is.EqualTo("invalid: webhook-signature does not verify\n"));
        }
    }

    [Test]
    public async Task A_timestamp_an_hour_old_is_invalid_and_named_only_when_beyond_the_tolerance()
    {
        var delivery = await DeliveryAsync();
        var key = await PublicKeyAsync();
        var flags = HeaderFlags(delivery);
        var sent = long.Parse(flags["--webhook-timestamp"], CultureInfo.InvariantCulture);
        flags["--webhook-timestamp"] = (sent - 3600).ToString(CultureInfo.InvariantCulture);

        // Nothing re-signs the changed timestamp, so the standard signature fails too; only the tolerance decides
        // whether the timestamp is named as well.
        var byDefault = await VerifyAsync(key, flags, delivery.Body);
        var tolerant = await VerifyAsync(key, flags, delivery.Body, "--tolerance", "7200");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(byDefault.ExitCode, Is.EqualTo(1), byDefault.ToString());
            Assert.That(byDefault.Error, Does.StartWith("invalid:"));
            Assert.That(byDefault.Error, Does.Match(@"webhook-timestamp is 36\d\d s from this machine's clock, more than the 300 s tolerated"));
            Assert.That(tolerant.ExitCode, Is.EqualTo(1), tolerant.ToString());
            Assert.That(tolerant.Error, Is.EqualTo("invalid: webhook-signature does not verify\n"));
        }
    }

    [Test]
    public async Task X_webhook_signature_alone_is_checked_on_its_own_and_the_tool_says_so()
    {
        var delivery = await DeliveryAsync();
        var key = await PublicKeyAsync();
        var flags = new Dictionary<string, string> { ["--x-webhook-signature"] = delivery.Header("X-Webhook-Signature") };

        var genuine = await VerifyAsync(key, flags, delivery.Body);
        var altered = await VerifyAsync(key, flags, WithFlippedByte(delivery.Body));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(genuine.ExitCode, Is.Zero, genuine.ToString());
            Assert.That(genuine.OutputText, Is.EqualTo("valid\n"));
            Assert.That(genuine.Error, Does.StartWith("note: only X-Webhook-Signature was checked"));
            Assert.That(altered.ExitCode, Is.EqualTo(1), altered.ToString());
            Assert.That(altered.Error, Is.EqualTo("invalid: the body does not match the signed digest\n"));
        }
    }

    [Test]
    public async Task A_body_without_any_signature_header_is_invalid()
    {
        var delivery = await DeliveryAsync();

        var verified = await VerifyAsync(await PublicKeyAsync(), [], delivery.Body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(verified.ExitCode, Is.EqualTo(1), verified.ToString());
            Assert.That(verified.Output, Is.Empty);
            Assert.That(verified.Error, Does.StartWith("invalid: no signature header given"));
        }
    }

    [Test]
    public async Task A_key_that_is_not_base64_of_32_bytes_a_missing_file_or_a_request_without_a_blank_line_is_a_usage_error()
    {
        var delivery = await DeliveryAsync();
        var flags = HeaderFlags(delivery);
        var key = await PublicKeyAsync();
        var missing = Path.Combine(NewConfigDirectory(), "missing.http");
        var headless = await SaveAsync("headless.http", TestData.Utf8("POST /hook HTTP/1.1\r\nwebhook-id: msg_1\r\n"));

        var notBase64 = await VerifyAsync("not a key!", flags, delivery.Body);
        var tooShort = await VerifyAsync(Convert.ToBase64String(new byte[16]), flags, delivery.Body);
        var noRequest = await VerifyAsync(key, [], [], "--request", missing);
        var noBody = await VerifyAsync(key, flags, [], "--body", missing);
        var noBlankLine = await VerifyAsync(key, [], [], "--request", headless);
        var negativeTolerance = await VerifyAsync(key, flags, delivery.Body, "--tolerance", "-1");

        using (Assert.EnterMultipleScope())
        {
            foreach (var (what, result) in new[]
            {
                ("not base64", notBase64), ("16 bytes", tooShort), ("no request file", noRequest), ("no body file", noBody),
                ("no blank line", noBlankLine), ("negative tolerance", negativeTolerance),
            })
            {
                Assert.That(result.ExitCode, Is.EqualTo(2), $"{what}: {result}");
                Assert.That(result.Error, Does.StartWith("paste: "), what);
            }

            Assert.That(notBase64.Error, Does.Contain("not base64"));
            Assert.That(tooShort.Error, Does.Contain("32-byte"));
            Assert.That(noRequest.Error, Does.Contain("no such file"));
            Assert.That(noBlankLine.Error, Does.Contain("no blank line"));
        }
    }

    /// <summary>Creates a paste with the tool and waits for the receiver to get its announcement.</summary>
    private async Task<ReceivedRequest> DeliveryAsync()
    {
        var pasted = await PasteAsync([], input: TestData.Utf8("to be announced " + Guid.NewGuid()));
        Assert.That(pasted.ExitCode, Is.Zero, pasted.ToString());
        var id = pasted.OutputText.TrimEnd('\n').Split('/')[^1];
        return await receiver.WaitForAsync(request => request.AnnouncedUrl()?.EndsWith("/" + id, StringComparison.Ordinal) == true, $"the announcement of {id}");
    }

    /// <summary>The key receivers are told to fetch once: <c>public</c> of GET /webhook_key, or another of its forms.</summary>
    private async Task<string> PublicKeyAsync(string member = "public")
    {
        using var answer = JsonDocument.Parse(await Http.GetStringAsync(new Uri("/webhook_key", UriKind.Relative)));
        return answer.RootElement.GetProperty(member).GetString()!;
    }

    private Task<CliResult> VerifyAsync(string key, Dictionary<string, string> flags, byte[] input, params string[] more) =>
        PasteAsync(["verify-webhook", "--key", key, .. flags.SelectMany(flag => new[] { flag.Key, flag.Value }), .. more], input: input);

    private async Task<string> SaveAsync(string name, byte[] content)
    {
        var directory = NewConfigDirectory();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        await File.WriteAllBytesAsync(path, content);
        return path;
    }

    /// <summary>The delivery's four signature headers, as the flags that carry them.</summary>
    private static Dictionary<string, string> HeaderFlags(ReceivedRequest delivery) => new()
    {
        ["--x-webhook-signature"] = delivery.Header("X-Webhook-Signature"),
        ["--webhook-id"] = delivery.Header("webhook-id"),
        ["--webhook-timestamp"] = delivery.Header("webhook-timestamp"),
        ["--webhook-signature"] = delivery.Header("webhook-signature"),
    };

    private static List<KeyValuePair<string, string>> WithHeader(ReceivedRequest delivery, string name, string value) =>
        [.. delivery.Headers.Select(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase) ? KeyValuePair.Create(header.Key, value) : header)];

    private static byte[] WithFlippedByte(byte[] body)
    {
        var copy = body.ToArray();
        copy[copy.Length / 2] ^= 0x01;
        return copy;
    }

    /// <summary>A <c>v1a,&lt;base64&gt;</c> signature with one bit of its signature changed: well-formed, but not the service's.</summary>
    private static string WithFlippedSignatureBit(string header)
    {
        Assert.That(header, Does.StartWith("v1a,"));
        var signature = Convert.FromBase64String(header["v1a,".Length..]);
        signature[0] ^= 0x01;
        return "v1a," + Convert.ToBase64String(signature);
    }
}
