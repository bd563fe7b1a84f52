using Microsoft.Extensions.Options;
using Paste.Application.Common;
using Paste.Application.Webhooks;

namespace Paste.Application.Tests.Webhooks;

public sealed class WebhookOptionsValidatorTests
{
    private const string PublicBaseUrl = "https://paste.example.com";

    private static WebhookOptionsValidator Validator(string publicBaseUrl = PublicBaseUrl) =>
        new(Options.Create(new PasteOptions { PublicBaseUrl = publicBaseUrl }));

    private static string Failures(WebhookOptions options, string publicBaseUrl = PublicBaseUrl) =>
        string.Join("\n", Validator(publicBaseUrl).Validate(null, options).Failures ?? []);

    [Test]
    public void The_defaults_are_valid()
    {
        Assert.That(Validator(publicBaseUrl: string.Empty).Validate(null, new WebhookOptions()).Succeeded, Is.True);
    }

    [Test]
    public void A_receiver_without_a_public_base_url_is_refused_naming_the_public_base_url()
    {
        var options = new WebhookOptions();
        options.Urls.Add("https://hooks.example/paste");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Failures(options, publicBaseUrl: string.Empty), Does.Contain("Paste:PublicBaseUrl"));
            Assert.That(Validator().Validate(null, options).Succeeded, Is.True, "with a public base URL");
        }
    }

    [TestCase("ftp://r.example/")]
    [TestCase("/relative/hook")]
    [TestCase("not a url")]
    public void A_receiver_url_that_is_not_absolute_http_is_refused_naming_its_index(string url)
    {
        var options = new WebhookOptions();
        options.Urls.Add("https://ok.example/hook");
        options.Urls.Add(url);

        Assert.That(Failures(options), Does.Contain("Paste:Webhooks:Urls:1"));
    }

    [Test]
    public void Bad_durations_and_attempts_are_refused_naming_the_key()
    {
        var failures = Failures(new WebhookOptions
        {
            Timeout = TimeSpan.Zero,
            InitialRetryDelay = TimeSpan.FromMinutes(5),
            MaxRetryDelay = TimeSpan.FromMinutes(1),
            MaxAttempts = 0,
            SigningKeyPath = " ",
        });

        Assert.That(failures, Does.Contain("Paste:Webhooks:Timeout"));
        Assert.That(failures, Does.Contain("Paste:Webhooks:MaxRetryDelay"));
        Assert.That(failures, Does.Contain("Paste:Webhooks:MaxAttempts"));
        Assert.That(failures, Does.Contain("Paste:Webhooks:SigningKeyPath"));
    }

    [Test]
    public void Durations_longer_than_a_timer_waits_are_refused_naming_the_key()
    {
        var failures = Failures(new WebhookOptions
        {
            Timeout = TimeSpan.FromDays(50),
            InitialRetryDelay = TimeSpan.FromDays(50),
            MaxRetryDelay = TimeSpan.FromDays(50),
        });

        Assert.That(failures, Does.Contain("Paste:Webhooks:Timeout must be a positive duration of at most 49 days"));
        Assert.That(failures, Does.Contain("Paste:Webhooks:InitialRetryDelay must be a positive duration of at most 49 days"));
        Assert.That(failures, Does.Contain("Paste:Webhooks:MaxRetryDelay must be a positive duration of at most 49 days"));
    }
}
