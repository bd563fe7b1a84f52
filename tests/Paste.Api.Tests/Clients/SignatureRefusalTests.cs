using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Clients;

/// <summary>
/// Every forged, incomplete, stale, replayed or revoked signature gets the same answer: 401, the Signature challenge and
/// "Invalid signature", never a fall-back to anonymous.
/// </summary>
public sealed class SignatureRefusalTests(StorageProvider provider) : ApiFixture(provider)
{
    /// <summary>
    /// A body no other request has: two identical requests signed in the same second carry the identical signature, and
    /// the second is (rightly) refused as a replay.
    /// </summary>
    private static byte[] NewBody() => TestData.Utf8($"signed body {Guid.NewGuid():N}");

    /// <summary>The same bytes with upper-case letters: the same length, a different digest.</summary>
    private static Action<HttpRequestMessage> TamperBody(byte[] body) =>
        request => request.Content = PasteApi.Raw(TestData.Utf8(System.Text.Encoding.UTF8.GetString(body).ToUpperInvariant()), "text/plain");

    private SigningKey hmac = null!;
    private SigningKey ed25519 = null!;
    private byte[] ed25519PublicKey = null!;

    // Signatures cover the request target as sent; only a real server reports it (see InMemorySignedRequestTests).
    protected override PasteApiFactory CreateFactory() => new(Settings, useKestrel: true, provider: Provider);

    [OneTimeSetUp]
    public async Task RegisterClients()
    {
        hmac = await Factory.AddHmacClientAsync("refusal tests hmac");
        var privateKey = Ed25519Keys.NewPrivateKey();
        ed25519PublicKey = Ed25519Keys.PublicKey(privateKey);
        ed25519 = await Factory.AddEd25519ClientAsync(privateKey, "refusal tests ed25519");
    }

    private async Task PostIsRefusedAsync(SigningKey key, SignOptions? options = null, byte[]? body = null)
    {
        var pastesBefore = await Factory.Database.CountAllAsync("Pastes");

        using var response = await Client.PostSignedAsync(body ?? NewBody(), key, options);

        await RequestSigner.AssertRefusedAsync(response);
        Assert.That(await Factory.Database.CountAllAsync("Pastes"), Is.EqualTo(pastesBefore), "a refused request stored a paste");
    }

    private async Task RawSignatureIsRefusedAsync(string parameters, bool inSignatureHeader = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Date = DateTimeOffset.UtcNow;
        RequestSigner.SetSignature(request, parameters, inSignatureHeader);

        using var response = await Client.SendAsync(request);

        await RequestSigner.AssertRefusedAsync(response);
    }

    [Test]
    public async Task A_correct_signature_is_accepted_by_this_fixture()
    {
        // The refusals below change one thing each about a request that is otherwise accepted.
        foreach (var key in new[] { hmac, ed25519 })
        {
            using var response = await Client.PostSignedAsync(NewBody(), key);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), key.Algorithm);
        }
    }

    [Test]
    public async Task A_signature_made_with_the_wrong_secret_is_refused()
    {
        await PostIsRefusedAsync(SigningKey.Hmac(hmac.KeyId, "SBjIqF2yTFGha-Y3hy4M_KfYbIHOjvXAb5HD_9iulrU"));
    }

    [Test]
    public async Task A_signature_made_with_another_ed25519_key_is_refused()
    {
        await PostIsRefusedAsync(SigningKey.Ed25519(ed25519.KeyId, Ed25519Keys.NewPrivateKey()));
    }

    [TestCase("cl_UnknownUnknownUnknow", TestName = "An unknown key id is refused")]
    [TestCase("cl_short", TestName = "A malformed key id is refused")]
    [TestCase("", TestName = "An empty key id is refused")]
    public async Task A_key_id_that_is_not_registered_is_refused(string keyId)
    {
        await PostIsRefusedAsync(hmac with { KeyId = keyId });
    }

    [TestCase("host date digest", TestName = "A signature that leaves out the request target is refused")]
    [TestCase("(request-target) date digest", TestName = "A signature that leaves out host is refused")]
    [TestCase("(request-target) host digest", TestName = "A signature that leaves out date is refused")]
    [TestCase("(request-target) host date", TestName = "A body whose digest is not signed is refused")]
    public async Task A_signature_that_leaves_out_a_required_header_is_refused(string headers)
    {
        await PostIsRefusedAsync(hmac, new SignOptions { Headers = headers });
    }

    [Test]
    public async Task A_signature_without_a_headers_parameter_covers_only_the_date_and_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        await RequestSigner.SignAsync(request, Client.BaseAddress!, hmac, new SignOptions { Headers = "date" });
        var parameters = request.Headers.Authorization!.Parameter!.Replace("headers=\"date\",", string.Empty, StringComparison.Ordinal);
        RequestSigner.SetSignature(request, parameters);

        using var response = await Client.SendAsync(request);

        await RequestSigner.AssertRefusedAsync(response);
    }

    [Test]
    public async Task A_get_without_a_body_must_still_sign_host_date_and_request_target()
    {
        using var response = await Client.SendSignedAsync(HttpMethod.Get, "/health", hmac, new SignOptions { Headers = "host date" });

        await RequestSigner.AssertRefusedAsync(response);
    }

    [Test]
    public async Task A_body_tampered_after_signing_is_refused_and_not_stored()
    {
        // Same length, different bytes: the signature over the Digest header holds, the digest does not match.
        var body = NewBody();
        await PostIsRefusedAsync(hmac, new SignOptions { AfterSigning = TamperBody(body) }, body);
    }

    [Test]
    public async Task A_tampered_body_is_refused_for_an_ed25519_client_too()
    {
        var body = NewBody();
        await PostIsRefusedAsync(ed25519, new SignOptions { AfterSigning = TamperBody(body) }, body);
    }

    [Test]
    public async Task A_chunked_body_tampered_after_signing_is_refused_and_not_stored()
    {
        var body = NewBody();
        var tampered = TestData.Utf8(System.Text.Encoding.UTF8.GetString(body).ToUpperInvariant());

        await PostIsRefusedAsync(hmac, new SignOptions { AfterSigning = request => request.Content = PasteApi.Chunked(tampered, "text/plain") }, body);
    }

    [Test]
    public async Task A_chunked_body_without_a_signed_digest_is_refused()
    {
        var body = NewBody();

        await PostIsRefusedAsync(hmac, new SignOptions
        {
            Headers = "(request-target) host date",
            AfterSigning = request =>
            {
                request.Headers.Remove("Digest");
                request.Content = PasteApi.Chunked(body, "text/plain");
            },
        }, body);
    }

    [Test]
    public async Task A_body_sent_without_its_digest_header_is_refused()
    {
        await PostIsRefusedAsync(hmac, new SignOptions { Headers = "(request-target) host date", AfterSigning = request => request.Headers.Remove("Digest") });
    }

    [TestCase("MD5=Zpo4zCZPBRrX5VdBUsSCkA==", TestName = "A digest with another algorithm than SHA-256 is refused")]
    [TestCase("SHA-256=not base64!", TestName = "A SHA-256 digest that is not base64 is refused")]
    [TestCase("SHA-256=AAAA", TestName = "A SHA-256 digest of the wrong length is refused")]
    [TestCase("SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", TestName = "The SHA-256 digest of another body is refused")]
    public async Task A_signed_digest_that_does_not_match_the_body_is_refused(string digest)
    {
        // The signature covers this Digest value: only the digest itself is wrong.
        await PostIsRefusedAsync(hmac, new SignOptions { Digest = digest });
    }

    [TestCase("ed25519")]
    [TestCase("hs2019")]
    [TestCase("rsa-sha256")]
    public async Task An_hmac_client_naming_another_algorithm_is_refused(string algorithm)
    {
        await PostIsRefusedAsync(hmac, new SignOptions { Algorithm = algorithm });
    }

    [Test]
    public async Task An_ed25519_client_cannot_be_downgraded_to_hmac_keyed_with_its_public_key()
    {
        // Anyone can know a public key; an HMAC keyed with it must not pass for the client's signature.
        await PostIsRefusedAsync(SigningKey.Hmac(ed25519.KeyId, Convert.ToBase64String(ed25519PublicKey)));
    }

    [Test]
    public async Task An_ed25519_client_naming_hmac_sha256_with_a_valid_ed25519_signature_is_refused()
    {
        await PostIsRefusedAsync(ed25519, new SignOptions { Algorithm = "hmac-sha256" });
    }

    [TestCase(-10)]
    [TestCase(10)]
    [TestCase(-24 * 60)]
    public async Task A_date_further_than_the_clock_skew_from_now_is_refused(int minutes)
    {
        await PostIsRefusedAsync(hmac, new SignOptions { Date = DateTimeOffset.UtcNow.AddMinutes(minutes) });
    }

    [Test]
    public async Task A_request_whose_date_header_was_dropped_after_signing_is_refused()
    {
        await PostIsRefusedAsync(hmac, new SignOptions { AfterSigning = request => request.Headers.Date = null });
    }

    [Test]
    public async Task A_date_header_in_another_format_than_rfc_1123_is_refused()
    {
        await PostIsRefusedAsync(hmac, new SignOptions
        {
            AfterSigning = request =>
            {
                var date = request.Headers.Date!.Value;
                request.Headers.Date = null;
                request.Headers.TryAddWithoutValidation("Date", date.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
            },
        });
    }

    [Test]
    public async Task A_signature_for_another_path_is_refused()
    {
        var paste = await Client.CreateSignedPasteAsync(hmac);
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/{paste.Id}");
        await RequestSigner.SignAsync(request, Client.BaseAddress!, hmac);
        request.RequestUri = new Uri(Client.BaseAddress!, "/someotherid");

        using var response = await Client.SendAsync(request);

        await RequestSigner.AssertRefusedAsync(response);
    }

    [Test]
    public async Task A_signature_for_another_method_is_refused()
    {
        var paste = await Client.CreateSignedPasteAsync(hmac);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{paste.Id}");
        await RequestSigner.SignAsync(request, Client.BaseAddress!, hmac);
        request.Method = HttpMethod.Delete;

        using var response = await Client.SendAsync(request);

        await RequestSigner.AssertRefusedAsync(response);
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_signature_for_another_host_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        await RequestSigner.SignAsync(request, new Uri("http://paste.example.com/"), hmac);
        request.RequestUri = new Uri(Client.BaseAddress!, "/health");

        using var response = await Client.SendAsync(request);

        await RequestSigner.AssertRefusedAsync(response);
    }

    [TestCase("keyId=\"cl_UnknownUnknownUnknow\"", TestName = "Parameters without a signature are refused")]
    [TestCase("signature=\"AAAA\",headers=\"(request-target) host date\"", TestName = "Parameters without a key id are refused")]
    [TestCase("keyId=\"cl_UnknownUnknownUnknow,signature=\"AAAA\"", TestName = "An unterminated quoted parameter is refused")]
    [TestCase("keyId=\"a\",keyId=\"b\",signature=\"AAAA\"", TestName = "A repeated parameter is refused")]
    [TestCase("garbage", TestName = "A parameter list without names is refused")]
    [TestCase("=\"x\",signature=\"AAAA\"", TestName = "A parameter without a name is refused")]
    [TestCase("", TestName = "Authorization Signature without parameters is refused")]
    public async Task Malformed_signature_parameters_are_refused(string parameters)
    {
        await RawSignatureIsRefusedAsync(parameters);
    }

    [Test]
    public async Task Malformed_parameters_in_the_signature_header_are_refused()
    {
        await RawSignatureIsRefusedAsync("keyId=\"cl_UnknownUnknownUnknow\"", inSignatureHeader: true);
    }

    [Test]
    public async Task Overlong_signature_parameters_are_refused()
    {
        await RawSignatureIsRefusedAsync($"keyId=\"{hmac.KeyId}\",headers=\"{new string('x', 5000)}\",signature=\"AAAA\"");
    }

    [TestCase("not base64!")]
    [TestCase("QUFB*")]
    [TestCase("====")]
    public async Task A_signature_that_is_not_base64_is_refused(string signature)
    {
        await RawSignatureIsRefusedAsync($"keyId=\"{hmac.KeyId}\",algorithm=\"hmac-sha256\",headers=\"(request-target) host date\",signature=\"{signature}\"");
    }

    [TestCase("hmac")]
    [TestCase("ed25519")]
    public async Task An_exact_replay_of_an_accepted_request_is_refused(string kind)
    {
        var key = kind == "hmac" ? hmac : ed25519;
        using var original = PasteApi.Post(PasteApi.Raw(NewBody(), "text/plain"));
        await RequestSigner.SignAsync(original, Client.BaseAddress!, key);
        using var replay = await RequestSigner.CopyAsync(original);

        using (var first = await Client.SendAsync(original))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var pastes = await Factory.Database.CountAllAsync("Pastes");
        using var second = await Client.SendAsync(replay);

        await RequestSigner.AssertRefusedAsync(second);
        Assert.That(await Factory.Database.CountAllAsync("Pastes"), Is.EqualTo(pastes), "the replay created a paste");
    }

    [Test]
    public async Task A_replayed_get_is_refused_too()
    {
        using var original = new HttpRequestMessage(HttpMethod.Get, $"/health?n={Guid.NewGuid():N}");
        await RequestSigner.SignAsync(original, Client.BaseAddress!, hmac);
        using var replay = await RequestSigner.CopyAsync(original);

        using (var first = await Client.SendAsync(original))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var second = await Client.SendAsync(replay);
        await RequestSigner.AssertRefusedAsync(second);
    }

    [Test]
    public async Task A_signature_refused_for_another_reason_is_not_used_up()
    {
        // The same signature first arrives naming the wrong algorithm (refused), then as signed: the second is no replay.
        using var original = PasteApi.Post(PasteApi.Raw(NewBody(), "text/plain"));
        await RequestSigner.SignAsync(original, Client.BaseAddress!, hmac);
        using var downgraded = await RequestSigner.CopyAsync(original);
        RequestSigner.SetSignature(downgraded, original.Headers.Authorization!.Parameter!.Replace("algorithm=\"hmac-sha256\"", "algorithm=\"ed25519\"", StringComparison.Ordinal));

        using (var refused = await Client.SendAsync(downgraded))
        {
            await RequestSigner.AssertRefusedAsync(refused);
        }

        using var accepted = await Client.SendAsync(original);
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task A_revoked_client_is_refused()
    {
        var key = await Factory.AddHmacClientAsync("to be revoked");
        await Factory.RevokeClientAsync(key.KeyId);

        await PostIsRefusedAsync(key);
    }

    [Test]
    public async Task A_failed_signature_on_a_public_endpoint_is_refused_rather_than_anonymous()
    {
        using (var health = await Client.SendSignedAsync(HttpMethod.Get, "/health", SigningKey.Hmac(hmac.KeyId, "wrong")))
        {
            await RequestSigner.AssertRefusedAsync(health);
        }

        var paste = await Client.CreatePasteAsync("public");
        using var read = await Client.SendSignedAsync(HttpMethod.Get, $"/{paste.Id}/raw", SigningKey.Hmac(hmac.KeyId, "wrong"));
        await RequestSigner.AssertRefusedAsync(read);
    }

    [Test]
    public async Task A_failed_signature_with_a_valid_certificate_fingerprint_is_still_refused()
    {
        using var request = PasteApi.Post(PasteApi.Raw(NewBody(), "text/plain"), Fingerprints.Alice);

        using var response = await Client.SendSignedAsync(request, SigningKey.Hmac(hmac.KeyId, "wrong"));

        await RequestSigner.AssertRefusedAsync(response);
    }

    [Test]
    public async Task Every_refusal_has_the_same_body_apart_from_the_request_id()
    {
        using var unknown = await Client.PostSignedAsync(NewBody(), hmac with { KeyId = "cl_UnknownUnknownUnknow" });
        using var badSecret = await Client.PostSignedAsync(NewBody(), SigningKey.Hmac(hmac.KeyId, "wrong"));
        using var stale = await Client.PostSignedAsync(NewBody(), hmac, new SignOptions { Date = DateTimeOffset.UtcNow.AddHours(1) });

        var bodies = new List<string>();
        foreach (var response in new[] { unknown, badSecret, stale })
        {
            var problem = await ResponseAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, RequestSigner.RefusalMessage);
            bodies.Add(problem.ToString().Replace(ResponseAssert.StringMember(problem, "request_id")!, "ID", StringComparison.Ordinal));
        }

        Assert.That(bodies.Distinct().ToList(), Has.Count.EqualTo(1), string.Join("\n", bodies));
    }
}
