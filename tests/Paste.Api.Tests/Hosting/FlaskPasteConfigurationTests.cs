using System.Collections;
using Microsoft.Extensions.Configuration;
using Paste.Api.Hosting;
using Paste.Application.Common;

namespace Paste.Api.Tests.Hosting;

/// <summary>
/// FlaskPaste's variables as configuration: each becomes its Paste key in the Paste form, and gives way to that key
/// when any other source sets it. The real service reading them is in FlaskPasteVariablesTests.
/// </summary>
public sealed class FlaskPasteConfigurationTests
{
    private Hashtable environment = null!;
    private Dictionary<string, string?> otherSettings = null!;

    [SetUp]
    public void SetUp()
    {
        environment = [];
        otherSettings = [];
    }

    [TestCase("FLASKPASTE_MAX_ANON", "1024", "Paste:MaxAnonymousBytes", "1024")]
    [TestCase("FLASKPASTE_MAX_AUTH", " 2048 ", "Paste:MaxAuthenticatedBytes", "2048")]
    [TestCase("FLASKPASTE_EXPIRY", "3600", "Paste:Expiry", "01:00:00")]
    [TestCase("FLASKPASTE_EXPIRY", "432000", "Paste:Expiry", "5.00:00:00")]
    [TestCase("FLASKPASTE_PROXY_SECRET", "s3cret value", "Paste:ProxySecret", "s3cret value")]
    public void A_flaskpaste_variable_sets_its_paste_key(string variable, string value, string key, string expected)
    {
        environment[variable] = value;

        var configuration = Build();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(configuration[key], Is.EqualTo(expected));
            Assert.That(string.Join(", ", FlaskPasteConfiguration.Review(configuration).Applied.Select(applied => applied.Name)), Is.EqualTo(variable));
        }
    }

    [Test]
    public void The_expiry_in_seconds_binds_as_that_many_seconds_not_days()
    {
        environment["FLASKPASTE_EXPIRY"] = "90";

        var options = Build().GetSection(PasteOptions.SectionName).Get<PasteOptions>();

        Assert.That(options?.Expiry, Is.EqualTo(TimeSpan.FromSeconds(90)));
    }

    [Test]
    public void A_paste_key_set_by_another_source_wins_and_its_variable_is_reported_ignored()
    {
        environment["FLASKPASTE_MAX_ANON"] = "1024";
        environment["FLASKPASTE_MAX_AUTH"] = "4096";
        otherSettings["Paste:MaxAnonymousBytes"] = "2048";

        var configuration = Build();
        var review = FlaskPasteConfiguration.Review(configuration);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(configuration["Paste:MaxAnonymousBytes"], Is.EqualTo("2048"));
            Assert.That(configuration["Paste:MaxAuthenticatedBytes"], Is.EqualTo("4096"));
            Assert.That(string.Join(", ", review.Ignored.Select(ignored => ignored.Name)), Is.EqualTo("FLASKPASTE_MAX_ANON"));
            Assert.That(string.Join(", ", review.Applied.Select(applied => applied.Name)), Is.EqualTo("FLASKPASTE_MAX_AUTH"));
        }
    }

    [TestCase("FLASKPASTE_MAX_ANON", "banana")]
    [TestCase("FLASKPASTE_MAX_AUTH", "")]
    [TestCase("FLASKPASTE_MAX_AUTH", "3 MiB")]
    [TestCase("FLASKPASTE_EXPIRY", "1.5")]
    [TestCase("FLASKPASTE_EXPIRY", "5.00:00:00")]
    [TestCase("FLASKPASTE_EXPIRY", "99999999999999999")]
    public void A_value_flaskpaste_would_refuse_sets_nothing_and_is_a_problem_naming_the_variable(string variable, string value)
    {
        environment[variable] = value;

        var configuration = Build();
        var review = FlaskPasteConfiguration.Review(configuration);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(configuration.AsEnumerable().Where(setting => setting.Value is not null), Is.Empty);
            Assert.That(review.Problems, Has.Count.EqualTo(1));
            Assert.That(review.Problems, Has.All.StartsWith(variable + " must be"));
            Assert.That(review.Applied, Is.Empty);
        }
    }

    [Test]
    public void A_failure_about_a_key_a_variable_supplied_names_the_variable_too()
    {
        environment["FLASKPASTE_MAX_ANON"] = "4096";
        environment["FLASKPASTE_MAX_AUTH"] = "1024";

        var review = FlaskPasteConfiguration.Review(Build());

        Assert.That(
            review.Explain("Paste:MaxAuthenticatedBytes must not be smaller than Paste:MaxAnonymousBytes."),
            Is.EqualTo("Paste:MaxAuthenticatedBytes (from FLASKPASTE_MAX_AUTH) must not be smaller than Paste:MaxAnonymousBytes (from FLASKPASTE_MAX_ANON)."));
    }

    [Test]
    public void A_failure_about_a_key_set_the_paste_way_is_left_as_it_is()
    {
        environment["FLASKPASTE_EXPIRY"] = "60";
        otherSettings["Paste:Expiry"] = "00:00:00";

        var review = FlaskPasteConfiguration.Review(Build());

        Assert.That(
            review.Explain("Paste:Expiry must be a positive duration such as 5.00:00:00."),
            Is.EqualTo("Paste:Expiry must be a positive duration such as 5.00:00:00."));
    }

    /// <summary>The FlaskPaste variables are added last, as Program adds them after the host's sources, and still rank lowest.</summary>
    private IConfigurationRoot Build() =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(otherSettings)
            .AddFlaskPasteVariables(environment)
            .Build();
}
