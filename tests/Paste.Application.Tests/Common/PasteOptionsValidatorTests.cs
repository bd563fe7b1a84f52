using System.Globalization;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Tests.Common;

public sealed class PasteOptionsValidatorTests
{
    private readonly PasteOptionsValidator validator = new();

    [Test]
    public void Accepts_the_defaults()
    {
        var result = validator.Validate(Options.DefaultName, new PasteOptions());

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Defaults_match_the_FlaskPaste_reference()
    {
        var options = new PasteOptions();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.MaxAnonymousBytes, Is.EqualTo(3 * 1024 * 1024));
            Assert.That(options.MaxAuthenticatedBytes, Is.EqualTo(50 * 1024 * 1024));
            Assert.That(options.Expiry, Is.EqualTo(TimeSpan.FromDays(5)));
            Assert.That(options.CleanupInterval, Is.EqualTo(TimeSpan.FromHours(1)));
        }
    }

    [TestCase(1L, 1L)]
    [TestCase(1_000_000_000L, 1_000_000_000L)]
    [TestCase(10L, 20L)]
    public void Accepts_sizes_in_range_with_authenticated_at_least_anonymous(long anonymous, long authenticated) =>
        AssertValid(new PasteOptions { MaxAnonymousBytes = anonymous, MaxAuthenticatedBytes = authenticated });

    [TestCase(0L)]
    [TestCase(-1L)]
    [TestCase(1_000_000_001L)]
    public void Rejects_an_anonymous_size_out_of_range(long size) =>
        AssertFailsNaming(new PasteOptions { MaxAnonymousBytes = size }, "Paste:MaxAnonymousBytes");

    [TestCase(0L)]
    [TestCase(-1L)]
    [TestCase(1_000_000_001L)]
    public void Rejects_an_authenticated_size_out_of_range(long size) =>
        AssertFailsNaming(new PasteOptions { MaxAuthenticatedBytes = size }, "Paste:MaxAuthenticatedBytes");

    [Test]
    public void Rejects_an_authenticated_limit_below_the_anonymous_one() =>
        AssertFailsNaming(new PasteOptions { MaxAnonymousBytes = 1000, MaxAuthenticatedBytes = 999 }, "Paste:MaxAuthenticatedBytes");

    [TestCase("")]
    [TestCase("0123456789abcdef0123456789abcdef")]
    [TestCase("a generated secret of more than thirty-two characters")]
    public void Accepts_no_proxy_secret_or_one_of_at_least_32_characters(string secret) =>
        AssertValid(new PasteOptions { ProxySecret = secret });

    [TestCase("x")]
    [TestCase("0123456789abcdef0123456789abcde")]
    [TestCase("CHANGE-ME")]
    [TestCase("change-me")]
    [TestCase("CHANGE-ME-CHANGE-ME-CHANGE-ME-CHANGE-ME")]
    public void Rejects_a_short_or_placeholder_proxy_secret(string secret) =>
        AssertFailsNaming(new PasteOptions { ProxySecret = secret }, "Paste:ProxySecret");

    [TestCase("00:00:00")]
    [TestCase("-00:00:01")]
    [TestCase("-5.00:00:00")]
    public void Rejects_an_expiry_that_is_not_positive(string expiry) =>
        AssertFailsNaming(new PasteOptions { Expiry = TimeSpan.Parse(expiry, CultureInfo.InvariantCulture) }, "Paste:Expiry");

    [TestCase("00:00:00")]
    [TestCase("-01:00:00")]
    public void Rejects_a_cleanup_interval_that_is_not_positive(string interval) =>
        AssertFailsNaming(new PasteOptions { CleanupInterval = TimeSpan.Parse(interval, CultureInfo.InvariantCulture) }, "Paste:CleanupInterval");

    [TestCase("/paste", TestName = "{m}(relative path)")]
    [TestCase("paste.example.com", TestName = "{m}(no scheme)")]
    [TestCase("ftp://paste.example.com", TestName = "{m}(ftp)")]
    [TestCase("file:///srv/paste", TestName = "{m}(file)")]
    [TestCase("javascript:alert(1)", TestName = "{m}(javascript)")]
    [TestCase("https://paste.example.com/?tenant=a", TestName = "{m}(query)")]
    [TestCase("https://paste.example.com?a", TestName = "{m}(query without path)")]
    public void Rejects_a_public_base_url_that_is_not_absolute_http_without_query(string url) =>
        AssertFailsNaming(new PasteOptions { PublicBaseUrl = url }, "Paste:PublicBaseUrl");

    [TestCase("")]
    [TestCase("https://paste.example.com")]
    [TestCase("https://paste.example.com/")]
    [TestCase("http://localhost:5000/paste")]
    public void Accepts_an_absolute_http_public_base_url_or_none(string url) =>
        AssertValid(new PasteOptions { PublicBaseUrl = url });

    [Test]
    public void Reports_every_bad_key_at_once()
    {
        var options = new PasteOptions { MaxAnonymousBytes = 0, Expiry = TimeSpan.Zero, CleanupInterval = TimeSpan.Zero, PublicBaseUrl = "ftp://x" };

        var result = validator.Validate(Options.DefaultName, options);

        Assert.That(result.Failures, Has.Exactly(4).Items);
    }

    private void AssertValid(PasteOptions options)
    {
        var result = validator.Validate(Options.DefaultName, options);

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    private void AssertFailsNaming(PasteOptions options, string key)
    {
        var result = validator.Validate(Options.DefaultName, options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.Failures, Has.Some.StartsWith(key));
            Assert.That(result.Failures, Has.All.Contains(key), "only the bad key is reported");
        }
    }
}
