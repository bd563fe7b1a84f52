using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Paste.Api.Tests.Support;

/// <summary>What every "newpaste" notification must look like, checked as a receiver would.</summary>
public static partial class NotificationAssert
{
    public const string DateFormat = "yyyy-MM-dd HH:mm:ss";

    private static readonly string[] BodyMembers = ["type", "url", "nonce", "date"];

    /// <summary>How far the notification's clocks may be from the test's: generous for a loaded machine, tight enough to catch local time or milliseconds.</summary>
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Fails the test unless <paramref name="notification"/> is a POST with the contract's headers and body announcing
    /// <paramref name="pasteUrl"/>, and both of its signatures verify with <paramref name="publicKey"/>.
    /// </summary>
    public static void IsAuthenticNewPaste(byte[] publicKey, ReceivedWebhook notification, string pasteUrl)
    {
        var body = notification.Json();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(notification.Method, Is.EqualTo("POST"));
            Assert.That(notification.Path, Is.EqualTo(WebhookReceiver.HookPath), "the configured URL's path");
            Assert.That(notification.Header("Content-Type"), Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(notification.Header("X-Webhook-Version"), Is.EqualTo("1.0.0"));
            Assert.That(notification.Header("webhook-id"), Is.Not.Empty);
            Assert.That(notification.Header("webhook-signature"), Does.StartWith("v1a,"));

            Assert.That(body.ValueKind, Is.EqualTo(JsonValueKind.Object), notification.BodyText);
            Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(BodyMembers), notification.BodyText);
            Assert.That(ResponseAssert.StringMember(body, "type"), Is.EqualTo("newpaste"));
            Assert.That(ResponseAssert.StringMember(body, "url"), Is.EqualTo(pasteUrl));
            Assert.That(ResponseAssert.StringMember(body, "nonce"), Does.Match(NoncePattern()), "32 lowercase hexadecimal characters");
            Assert.That(DateOf(notification), Is.EqualTo(DateTimeOffset.UtcNow).Within(ClockTolerance), "date, read as UTC");
            Assert.That(TimestampOf(notification), Is.EqualTo(DateTimeOffset.UtcNow).Within(ClockTolerance), "webhook-timestamp, unix seconds");
        }

        WebhookSignatureCheck.AssertAuthentic(publicKey, notification);
    }

    /// <summary>The body's <c>date</c>, which must be exactly <see cref="DateFormat"/> in UTC.</summary>
    public static DateTimeOffset DateOf(ReceivedWebhook notification)
    {
        var date = ResponseAssert.StringMember(notification.Json(), "date");
        Assert.That(
            DateTimeOffset.TryParseExact(date, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed),
            Is.True,
            $"date '{date}' is not {DateFormat}");
        return parsed;
    }

    /// <summary>The <c>webhook-timestamp</c> header, which must be whole unix seconds.</summary>
    public static DateTimeOffset TimestampOf(ReceivedWebhook notification)
    {
        var timestamp = notification.Header("webhook-timestamp");
        Assert.That(timestamp, Does.Match("^[0-9]+$"), "webhook-timestamp");
        return DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp!, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex NoncePattern();
}
