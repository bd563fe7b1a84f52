using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Clients;

/// <summary>Invalid protection, server-limit and signature settings stop the service before it touches any data, naming the key.</summary>
public sealed class StartupValidationTests(StorageProvider provider) : StoreFixture(provider)
{
    [TestCase("Paste:RateLimits:RequestsPerMinute", "0")]
    [TestCase("Paste:RateLimits:Requests:0", "5 per fortnight")]
    [TestCase("Paste:RateLimits:AnonymousCreates:0", "60")]
    [TestCase("Paste:RateLimits:ConcurrentUploadsPerClient", "0")]
    [TestCase("Paste:RateLimits:ConcurrentUploadQueuePerClient", "-1")]
    [TestCase("Paste:RateLimits:Ipv6PrefixLength", "0")]
    [TestCase("Paste:RateLimits:Ipv6PrefixLength", "129")]
    [TestCase("Paste:Limits:RequestHeadersTimeout", "00:00:00")]
    [TestCase("Paste:Limits:MinRequestBodyBytesPerSecond", "0")]
    [TestCase("Paste:Limits:MinRequestBodyGracePeriod", "00:00:01")]
    [TestCase("Paste:Limits:KeepAliveTimeout", "-00:00:01")]
    [TestCase("Paste:Limits:KeepAliveTimeout", "banana")]
    [TestCase("Paste:ForwardedHeaders:KnownNetworks:0", "banana")]
    [TestCase("Paste:Cors:AllowedOrigins:0", "https://x.example/path")]
    [TestCase("Paste:Signatures:ClockSkew", "00:00:00")]
    [TestCase("Paste:ShutdownGrace", "00:00:00")]
    [TestCase("Paste:Storage:MaxDatabaseBytes", "1000")]
    [TestCase("Paste:Metrics:AllowedNetworks:0", "banana")]
    [TestCase("Paste:Storage:Provider", "Postgres")]
    [TestCase("Paste:Pages:MaxConcurrentHighlights", "-1")]
    [TestCase("Paste:Pages:HighlightCacheBytes", "0")]
    [TestCase("Paste:CleanupInterval", "50.00:00:00")]
    [TestCase("Paste:Expiry", "3650000.00:00:00")]
    [TestCase("Paste:MaxLifetime", "3650000.00:00:00")]
    [TestCase("Paste:Webhooks:Timeout", "50.00:00:00")]
    [TestCase("Paste:Webhooks:MaxRetryDelay", "50.00:00:00")]
    [TestCase("Paste:ForwardedHeaders:NewIpLogWindow", "50.00:00:00")]
    [TestCase("Paste:Limits:KeepAliveTimeout", "50.00:00:00")]
    [TestCase("Paste:Limits:MinRequestBodyGracePeriod", "50.00:00:00")]
    [TestCase("Paste:Storage:ReadSnapshotLimit", "00:00:00")]
    [TestCase("Paste:Storage:ReadSnapshotLimit", "50.00:00:00")]
    public async Task An_invalid_setting_stops_the_service_and_names_the_key(string key, string value)
    {
        using var database = new TestDatabase(Provider);

        var result = await PasteExecutable.RunAsync(database, [], new Dictionary<string, string?> { [key] = value });

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError, Does.Contain(key), result.ToString());
        Assert.That(await database.StoreCreatedAsync(), Is.False, "the database was created before the settings were checked");
    }

    [TestCase("CHANGE-ME")]
    [TestCase("change-me-change-me-change-me-change-me")]
    public async Task The_placeholder_proxy_secret_of_the_examples_stops_the_service_naming_the_key(string placeholder)
    {
        using var database = new TestDatabase(Provider);

        var result = await PasteExecutable.RunAsync(database, [], new Dictionary<string, string?> { ["Paste:ProxySecret"] = placeholder });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.Contain("Paste:ProxySecret is still the placeholder CHANGE-ME"), result.ToString());
            Assert.That(await database.StoreCreatedAsync(), Is.False, "the database was created before the settings were checked");
        }
    }

    [Test]
    public async Task A_proxy_secret_shorter_than_32_characters_stops_the_service_naming_the_key_but_not_the_secret()
    {
        const string secret = "s3cret-value-of-31-characters-x";
        using var database = new TestDatabase(Provider);

        var result = await PasteExecutable.RunAsync(database, [], new Dictionary<string, string?> { ["Paste:ProxySecret"] = secret });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.Contain("Paste:ProxySecret must be at least 32 characters"), result.ToString());
            Assert.That(result.StandardError + result.StandardOutput, Does.Not.Contain(secret), "the secret is not repeated");
        }
    }
}
