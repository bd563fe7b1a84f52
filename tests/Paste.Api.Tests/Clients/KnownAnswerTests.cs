using System.Text;
using Microsoft.Extensions.Time.Testing;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Clients;

/// <summary>
/// Fixed vectors for both algorithms, computed outside this code base (openssl), sent to the server at the instant the
/// example in docs/signing.md was signed: the server's verification is checked against independent implementations.
/// </summary>
public sealed class KnownAnswerTests(StorageProvider provider) : StoreFixture(provider)
{
    /// <summary>RFC 8032, section 7.1, test 1.</summary>
    private const string RfcSecretKey = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string RfcPublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string RfcEmptyMessageSignature =
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    private const string HmacKeyId = "cl_fuD6bng2Bxc4iOdkfbvP";
    private const string HmacSecret = "SBjIqF2yTFGha-Y3hy4M_KfYbIHOjvXAb5HD_9iulrU";
    private const string Ed25519KeyId = "cl_rDfsjGRstAvMr7kqWDQx";

    private const string Host = "paste.example.com";
    private const string Date = "Tue, 24 Nov 2026 10:00:00 GMT";
    private const string Body = """{"hello": "world"}""";
    private const string Digest = "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=";

    /// <summary>The signing string of docs/signing.md for POST / with <see cref="Body"/>.</summary>
    private const string SigningString = $"(request-target): post /\nhost: {Host}\ndate: {Date}\ndigest: {Digest}";

    /// <summary><c>printf '%s' "$signing_string" | openssl dgst -sha256 -hmac "$secret" -binary | base64</c>.</summary>
    private const string HmacSignature = "QAJg6NqaAb+dXzH/LJMbJch0lGVh/mwsKk0lZkoy7fY=";

    /// <summary><c>openssl pkeyutl -sign -inkey rfc8032-test1.pem -rawin -in signing-string.txt | base64</c>.</summary>
    private const string Ed25519Signature = "sGWcNqmXnEBJ3wYRR5cfOfSt7A65uSvAkbz0eQG7+WBk1jxn+YkUn9XkYdKUqVt3+4ZZfhcUerZ8h3k4iYCYCQ==";

    private static readonly DateTimeOffset SignedAt = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private PasteApiFactory factory = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public async Task StartAtTheExamplesInstant()
    {
        // The examples are signed over the draft's host name; the test's own client talks to 127.0.0.1.
        var settings = new Dictionary<string, string?> { ["AllowedHosts"] = $"{Host};127.0.0.1" };
        factory = new PasteApiFactory(settings, time: new FakeTimeProvider(SignedAt), useKestrel: true, provider: Provider);
        client = factory.CreatePasteClient();
        await factory.StoreClientAsync(HmacKeyId, secret: HmacSecret);
        await factory.StoreClientAsync(Ed25519KeyId, publicKey: Convert.FromHexString(RfcPublicKey));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        client.Dispose();
        await factory.DisposeAsync();
    }

    /// <summary>The example request exactly: every signed header has the value the vector was computed over.</summary>
    private static HttpRequestMessage ExampleRequest(string keyId, string algorithm, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body)) };
        request.Headers.Host = Host;
        request.Headers.TryAddWithoutValidation("Date", Date);
        request.Headers.TryAddWithoutValidation("Digest", Digest);
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"Signature keyId=\"{keyId}\",algorithm=\"{algorithm}\",headers=\"(request-target) host date digest\",signature=\"{signature}\"");
        return request;
    }

    [Test]
    public void The_digest_of_the_example_body_is_the_drafts()
    {
        Assert.That("SHA-256=" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Body))), Is.EqualTo(Digest));
    }

    [Test]
    public void BouncyCastle_reproduces_the_rfc_8032_test_vector()
    {
        var privateKey = Ed25519Keys.FromSeed(Convert.FromHexString(RfcSecretKey));

        Assert.That(Convert.ToHexStringLower(Ed25519Keys.PublicKey(privateKey)), Is.EqualTo(RfcPublicKey));
        Assert.That(Convert.ToHexStringLower(Ed25519Keys.Sign(privateKey, [])), Is.EqualTo(RfcEmptyMessageSignature));
    }

    [Test]
    public void BouncyCastle_and_openssl_agree_on_the_signature_of_the_example()
    {
        var privateKey = Ed25519Keys.FromSeed(Convert.FromHexString(RfcSecretKey));

        var signature = Ed25519Keys.Sign(privateKey, Encoding.UTF8.GetBytes(SigningString));

        Assert.That(Convert.ToBase64String(signature), Is.EqualTo(Ed25519Signature));
    }

    [Test]
    public void The_test_signer_builds_the_documented_signing_string_and_hmac()
    {
        var signature = SigningKey.Hmac(HmacKeyId, HmacSecret).Sign(Encoding.UTF8.GetBytes(SigningString));

        Assert.That(Convert.ToBase64String(signature), Is.EqualTo(HmacSignature));
    }

    [TestCase(HmacKeyId, "hmac-sha256", HmacSignature)]
    [TestCase(Ed25519KeyId, "ed25519", Ed25519Signature)]
    public async Task The_server_accepts_the_known_signature_once_and_refuses_its_replay(string keyId, string algorithm, string signature)
    {
        using (var request = ExampleRequest(keyId, algorithm, signature))
        using (var response = await client.SendAsync(request))
        {
            var paste = await PasteApi.ReadCreatedAsync(response);
            Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(keyId));
            Assert.That(Encoding.UTF8.GetString(await client.GetRawBytesAsync(paste.Id)), Is.EqualTo(Body));
        }

        using var replay = ExampleRequest(keyId, algorithm, signature);
        using var refused = await client.SendAsync(replay);
        await RequestSigner.AssertRefusedAsync(refused);
    }

    [Test]
    public async Task The_server_refuses_the_known_ed25519_signature_with_one_bit_flipped()
    {
        var signature = Convert.FromBase64String(Ed25519Signature);
        signature[10] ^= 0x01;

        using var request = ExampleRequest(Ed25519KeyId, "ed25519", Convert.ToBase64String(signature));
        using var response = await client.SendAsync(request);

        await RequestSigner.AssertRefusedAsync(response);
    }

    [Test]
    public async Task The_server_refuses_the_known_signatures_under_each_others_key_id()
    {
        using (var request = ExampleRequest(HmacKeyId, "hmac-sha256", Ed25519Signature))
        using (var response = await client.SendAsync(request))
        {
            await RequestSigner.AssertRefusedAsync(response);
        }

        using var swapped = ExampleRequest(Ed25519KeyId, "ed25519", HmacSignature);
        using var refused = await client.SendAsync(swapped);
        await RequestSigner.AssertRefusedAsync(refused);
    }
}
