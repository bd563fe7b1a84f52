using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>X-SSL-Client-SHA1 is trusted only when exactly 40 lowercase hex characters; anything else is anonymous.</summary>
public sealed class AuthenticationTests(StorageProvider provider) : ApiFixture(provider)
{
    private const long AnonymousLimit = 1024;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:MaxAnonymousBytes"] = "1024",
        ["Paste:MaxAuthenticatedBytes"] = "8192",
    };

    [Test]
    public async Task A_valid_fingerprint_makes_the_caller_the_owner()
    {
        var paste = await Client.CreatePasteAsync("authenticated", Fingerprints.Alice);

        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(Fingerprints.Alice));
    }

    [Test]
    public async Task A_valid_fingerprint_raises_the_size_limit()
    {
        var paste = await Client.CreatePasteAsync(TestData.Filled(4096), "text/plain", Fingerprints.Alice);

        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(Fingerprints.Alice));
    }

    [TestCase("A1B2C3D4E5F6A1B2C3D4E5F6A1B2C3D4E5F6A1B2", TestName = "Uppercase hex is anonymous")]
    [TestCase("a1b2c3d4e5f6A1b2c3d4e5f6a1b2c3d4e5f6a1b2", TestName = "Mixed case hex is anonymous")]
    [TestCase("a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b", TestName = "39 characters is anonymous")]
    [TestCase("a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c", TestName = "41 characters is anonymous")]
    [TestCase("g1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2", TestName = "Non-hex is anonymous")]
    [TestCase("a1:b2:c3:d4:e5:f6:a1:b2:c3:d4:e5:f6:a1:b2", TestName = "Colon-separated fingerprint is anonymous")]
    [TestCase(" a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b", TestName = "Padded fingerprint is anonymous")]
    [TestCase("", TestName = "Empty fingerprint is anonymous")]
    public async Task A_malformed_fingerprint_is_treated_as_anonymous(string fingerprint)
    {
        var paste = await Client.CreatePasteAsync("who am I", fingerprint);
        Assert.That(paste.Body.TryGetProperty("owner", out _), Is.False, "no owner for an untrusted fingerprint");

        using var tooLarge = await Client.PostRawAsync(TestData.Filled(2048), "text/plain", fingerprint);
        var problem = await ResponseAssert.ProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        Assert.That(problem.GetProperty("authenticated").GetBoolean(), Is.False);
        Assert.That(problem.GetProperty("max_size").GetInt64(), Is.EqualTo(AnonymousLimit));
    }

    [Test]
    public async Task Two_fingerprint_values_are_treated_as_anonymous()
    {
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Utf8("two headers"), "text/plain"));
        request.Headers.TryAddWithoutValidation(Fingerprints.Header, [Fingerprints.Alice, Fingerprints.Bob]);

        using var response = await Client.SendAsync(request);

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.Body.TryGetProperty("owner", out _), Is.False);
    }

    [Test]
    public async Task A_malformed_fingerprint_cannot_delete()
    {
        var paste = await Client.CreatePasteAsync("alice's", Fingerprints.Alice);

        using var response = await Client.DeletePasteAsync(paste.Id, Fingerprints.Alice.ToUpperInvariant());

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}

/// <summary>With Paste:ProxySecret set, the fingerprint is trusted only alongside the matching X-Proxy-Secret.</summary>
public sealed class ProxySecretTests(StorageProvider provider) : ApiFixture(provider)
{
    private const string Secret = "proxy-secret-value-0123456789abcdef";

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:ProxySecret"] = Secret,
    };

    private async Task<HttpResponseMessage> PostAsync(string? fingerprint, params string[] secrets)
    {
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Utf8("through the proxy"), "text/plain"), fingerprint);
        if (secrets.Length > 0)
        {
            request.Headers.TryAddWithoutValidation(Fingerprints.ProxySecretHeader, secrets);
        }

        return await Client.SendAsync(request);
    }

    [Test]
    public async Task The_correct_secret_authenticates()
    {
        using var response = await PostAsync(Fingerprints.Alice, Secret);

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(Fingerprints.Alice));
    }

    [Test]
    public async Task A_missing_secret_is_anonymous()
    {
        using var response = await PostAsync(Fingerprints.Alice);

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.Body.TryGetProperty("owner", out _), Is.False);
    }

    [TestCase("wrong")]
    [TestCase("")]
    [TestCase("PROXY-SECRET-VALUE-0123456789ABCDEF")]
    [TestCase("proxy-secret-value-0123456789abcde")]
    [TestCase("proxy-secret-value-0123456789abcdef ")]
    public async Task A_wrong_secret_is_anonymous(string secret)
    {
        using var response = await PostAsync(Fingerprints.Alice, secret);

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.Body.TryGetProperty("owner", out _), Is.False);
    }

    [Test]
    public async Task Two_secret_values_are_anonymous()
    {
        using var response = await PostAsync(Fingerprints.Alice, Secret, Secret);

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.Body.TryGetProperty("owner", out _), Is.False);
    }

    [Test]
    public async Task Deleting_needs_the_secret_too()
    {
        using var created = await PostAsync(Fingerprints.Alice, Secret);
        var paste = await PasteApi.ReadCreatedAsync(created);

        using var withoutSecret = await Client.DeletePasteAsync(paste.Id, Fingerprints.Alice);
        await ResponseAssert.ProblemAsync(withoutSecret, HttpStatusCode.Unauthorized);

        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/{paste.Id}");
        request.Headers.TryAddWithoutValidation(Fingerprints.Header, Fingerprints.Alice);
        request.Headers.TryAddWithoutValidation(Fingerprints.ProxySecretHeader, Secret);
        using var withSecret = await Client.SendAsync(request);
        Assert.That(withSecret.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
