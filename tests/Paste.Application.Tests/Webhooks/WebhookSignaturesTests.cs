using System.Security.Cryptography;
using System.Text;
using Paste.Application.Webhooks;

namespace Paste.Application.Tests.Webhooks;

public sealed class WebhookSignaturesTests
{
    private const string Payload = """{"type":"newpaste","url":"https://p.example/x"}""";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
    private readonly FakeSigner signer = new();

    [Test]
    public void X_Webhook_Signature_is_the_signature_of_the_body_digest_followed_by_the_digest()
    {
        var headers = WebhookSignatures.Headers(signer, "msg_1", Payload, Now);

        var signed = Convert.FromBase64String(headers["X-Webhook-Signature"]);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(Payload));
        Assert.That(signed, Has.Length.EqualTo(96));
        Assert.That(signed[..64], Is.EqualTo(signer.Sign(digest)));
        Assert.That(signed[64..], Is.EqualTo(digest));
    }

    [Test]
    public void Standard_webhook_headers_sign_id_timestamp_and_body()
    {
        var headers = WebhookSignatures.Headers(signer, "msg_1", Payload, Now);

        Assert.That(headers["webhook-id"], Is.EqualTo("msg_1"));
        Assert.That(headers["webhook-timestamp"], Is.EqualTo("1795000000"));
        var expected = Convert.ToBase64String(signer.Sign(Encoding.UTF8.GetBytes("msg_1.1795000000." + Payload)));
        Assert.That(headers["webhook-signature"], Is.EqualTo("v1a," + expected));
    }

    [Test]
    public void The_version_header_is_1_0_0()
    {
        Assert.That(WebhookSignatures.Headers(signer, "msg_1", Payload, Now)["X-Webhook-Version"], Is.EqualTo("1.0.0"));
    }
}
