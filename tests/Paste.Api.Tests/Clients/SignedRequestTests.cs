using System.Net;
using System.Text;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Clients;

/// <summary>A correctly signed request makes the registered client an owner, with both kinds of key.</summary>
public sealed class SignedRequestTests(StorageProvider provider) : ApiFixture(provider)
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:MaxAnonymousBytes"] = "1024",
        ["Paste:MaxAuthenticatedBytes"] = "8192",
    };

    // Signatures cover the request target as sent; only a real server reports it (see InMemorySignedRequestTests).
    protected override PasteApiFactory CreateFactory() => new(Settings, useKestrel: true, provider: Provider);

    private Task<SigningKey> NewClientAsync(string algorithm) => algorithm switch
    {
        "hmac-sha256" => Factory.AddHmacClientAsync(),
        "ed25519" => Factory.AddEd25519ClientAsync(),
        "hs2019" => Factory.AddEd25519ClientAsync().ContinueWith(t => t.Result with { Algorithm = "hs2019" }, TaskScheduler.Default),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    [TestCase("hmac-sha256")]
    [TestCase("ed25519")]
    [TestCase("hs2019")]
    public async Task A_signed_client_creates_reads_and_deletes_its_own_paste(string algorithm)
    {
        var key = await NewClientAsync(algorithm);

        var paste = await Client.CreateSignedPasteAsync(key, "signed with " + algorithm);
        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(key.KeyId));

        using (var read = await Client.SendSignedAsync(HttpMethod.Get, $"/{paste.Id}", key))
        {
            var metadata = await ResponseAssert.JsonAsync(read, HttpStatusCode.OK);
            Assert.That(metadata.GetProperty("id").GetString(), Is.EqualTo(paste.Id));
        }

        using (var raw = await Client.SendSignedAsync(HttpMethod.Get, $"/{paste.Id}/raw", key))
        {
            Assert.That(raw.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await raw.Content.ReadAsStringAsync(), Is.EqualTo("signed with " + algorithm));
        }

        using (var deleted = await Client.DeleteSignedAsync(paste.Id, key))
        {
            var body = await ResponseAssert.JsonAsync(deleted, HttpStatusCode.OK);
            Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("Paste deleted"));
        }

        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await Factory.Database.RowsForAsync(paste.Id), Is.EqualTo((0L, 0L)));
    }

    [TestCase("hmac-sha256")]
    [TestCase("ed25519")]
    public async Task A_signed_client_gets_the_authenticated_size_limit(string algorithm)
    {
        var key = await NewClientAsync(algorithm);
        var body = TestData.Filled(4096);

        using (var anonymous = await Client.PostRawAsync(body, "text/plain"))
        {
            await ResponseAssert.ProblemAsync(anonymous, HttpStatusCode.RequestEntityTooLarge, "Paste too large");
        }

        using var signed = await Client.PostSignedAsync(body, key);
        var paste = await PasteApi.ReadCreatedAsync(signed);
        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(key.KeyId));
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(body));
    }

    [Test]
    public async Task A_signed_client_above_the_authenticated_limit_is_refused_as_authenticated()
    {
        var key = await Factory.AddHmacClientAsync();

        using var response = await Client.PostSignedAsync(TestData.Filled(8193), key);

        var problem = await ResponseAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "Paste too large");
        Assert.That(problem.GetProperty("authenticated").GetBoolean(), Is.True);
        Assert.That(problem.GetProperty("max_size").GetInt64(), Is.EqualTo(8192));
    }

    [Test]
    public async Task A_signed_client_cannot_delete_a_certificate_owners_paste()
    {
        var key = await Factory.AddHmacClientAsync();
        var paste = await Client.CreatePasteAsync("alice's", Fingerprints.Alice);

        using var response = await Client.DeleteSignedAsync(paste.Id, key);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_certificate_owner_cannot_delete_a_signed_clients_paste()
    {
        var key = await Factory.AddEd25519ClientAsync();
        var paste = await Client.CreateSignedPasteAsync(key);

        using var response = await Client.DeletePasteAsync(paste.Id, Fingerprints.Alice);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_signed_client_cannot_delete_another_signed_clients_paste()
    {
        var owner = await Factory.AddHmacClientAsync();
        var other = await Factory.AddEd25519ClientAsync();
        var paste = await Client.CreateSignedPasteAsync(owner);

        using var response = await Client.DeleteSignedAsync(paste.Id, other);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task An_anonymous_caller_cannot_delete_a_signed_clients_paste()
    {
        var key = await Factory.AddHmacClientAsync();
        var paste = await Client.CreateSignedPasteAsync(key);

        using var response = await Client.DeletePasteAsync(paste.Id);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [TestCase("hmac-sha256")]
    [TestCase("ed25519")]
    public async Task The_signature_header_form_works(string algorithm)
    {
        var key = await NewClientAsync(algorithm);

        using var response = await Client.PostSignedAsync(TestData.Utf8("signature header"), key, new SignOptions { InSignatureHeader = true });

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(key.KeyId));
    }

    [TestCase("hmac-sha256")]
    [TestCase("ed25519")]
    public async Task A_signature_without_an_algorithm_parameter_uses_the_registered_key_type(string algorithm)
    {
        var key = await NewClientAsync(algorithm);

        using var response = await Client.PostSignedAsync(TestData.Utf8("no algorithm"), key, new SignOptions { OmitAlgorithm = true });

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(key.KeyId));
    }

    [Test]
    public async Task Headers_may_be_signed_in_any_order_and_more_than_the_required_ones()
    {
        var key = await Factory.AddHmacClientAsync();

        using var response = await Client.PostSignedAsync(
            TestData.Utf8("order"), key, new SignOptions { Headers = "digest date content-type host (request-target)" });

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(key.KeyId));
    }

    [Test]
    public async Task A_chunked_signed_body_that_matches_its_digest_is_accepted()
    {
        // No Content-Length: the body arrives chunked and is checked against the digest as it is read.
        var key = await Factory.AddEd25519ClientAsync();
        var body = TestData.Filled(5000, (byte)'c');

        using var response = await Client.PostSignedAsync(body, key, new SignOptions { AfterSigning = request => request.Content = PasteApi.Chunked(body, "text/plain") });

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(key.KeyId));
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(body));
    }

    [Test]
    public async Task The_request_target_includes_the_query_string()
    {
        var key = await Factory.AddHmacClientAsync();
        var paste = await Client.CreateSignedPasteAsync(key);

        using var response = await Client.SendSignedAsync(HttpMethod.Get, $"/{paste.Id}?view=1&x=%2F", key);

        await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
    }

    [Test]
    public async Task A_signed_json_paste_is_created_with_the_client_as_owner()
    {
        var key = await Factory.AddEd25519ClientAsync();

        using var response = await Client.SendSignedAsync(HttpMethod.Post, "/", key, content: PasteApi.Json("""{"content": "from json"}"""));

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(key.KeyId));
        Assert.That(Encoding.UTF8.GetString(await Client.GetRawBytesAsync(paste.Id)), Is.EqualTo("from json"));
    }

    [Test]
    public async Task A_signed_submit_creates_a_paste()
    {
        var key = await Factory.AddHmacClientAsync();

        using var response = await Client.SendSignedAsync(HttpMethod.Post, "/submit", key, content: PasteApi.Json("""{"c": "submitted"}"""));

        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("success"));
    }

    [Test]
    public async Task A_signed_request_to_a_public_endpoint_succeeds()
    {
        var key = await Factory.AddHmacClientAsync();

        using var response = await Client.SendSignedAsync(HttpMethod.Get, "/health", key);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_signed_head_request_is_accepted()
    {
        // The signature covers "(request-target): head /{id}", the method the client actually sent.
        var key = await Factory.AddHmacClientAsync();
        var paste = await Client.CreateSignedPasteAsync(key);

        using var response = await Client.SendSignedAsync(HttpMethod.Head, $"/{paste.Id}", key);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), ResponseAssert.Header(response, "WWW-Authenticate"));
    }
}

/// <summary>
/// The in-memory test server reports an empty raw request target; the signature still covers the method, path and query
/// the client sent, so a correct signature must be accepted there as well as behind Kestrel.
/// </summary>
public sealed class InMemorySignedRequestTests(StorageProvider provider) : ApiFixture(provider)
{
    [Test]
    public async Task A_correctly_signed_request_through_the_in_memory_server_is_accepted()
    {
        var key = await Factory.AddHmacClientAsync();

        using var response = await Client.SendSignedAsync(HttpMethod.Get, "/health", key);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "(request-target) is built from an empty raw target instead of the path");
    }
}
