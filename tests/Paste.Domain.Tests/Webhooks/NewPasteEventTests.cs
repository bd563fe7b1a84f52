using System.Text.Json;
using Paste.Domain.Webhooks;

namespace Paste.Domain.Tests.Webhooks;

public sealed class NewPasteEventTests
{
    [Test]
    public void The_payload_has_type_url_nonce_and_utc_date_in_that_order()
    {
        var nonce = Enumerable.Range(0, 16).Select(i => (byte)(i * 17)).ToArray();
        var at = new DateTimeOffset(2026, 11, 24, 11, 5, 9, TimeSpan.FromHours(2));

        var payload = NewPasteEvent.CreatePayload("https://paste.example/AbCdEfGh12345678", nonce, at);

        using var json = JsonDocument.Parse(payload);
        var members = json.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetString())).ToList();
        Assert.That(members, Is.EqualTo(new[]
        {
            ("type", "newpaste"),
            ("url", "https://paste.example/AbCdEfGh12345678"),
            ("nonce", "00112233445566778899aabbccddeeff"),
            ("date", "2026-11-24 09:05:09"),
        }));
    }

    [TestCase(15)]
    [TestCase(17)]
    public void A_nonce_of_the_wrong_length_is_refused(int length)
    {
        Assert.That(() => NewPasteEvent.CreatePayload("https://p.example/x", new byte[length], DateTimeOffset.UnixEpoch), Throws.ArgumentException);
    }
}
