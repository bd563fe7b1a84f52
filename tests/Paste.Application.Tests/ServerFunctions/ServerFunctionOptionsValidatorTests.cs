using System.Globalization;
using Paste.Application.ServerFunctions;

namespace Paste.Application.Tests.ServerFunctions;

public sealed class ServerFunctionOptionsValidatorTests
{
    private readonly ServerFunctionOptionsValidator validator = new();

    [Test]
    public void The_defaults_are_valid()
    {
        var options = new ServerFunctionOptions();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.RequestTtl, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.MaxKeyTrials, Is.EqualTo(64));
            Assert.That(options.Functions, Is.Empty);
            Assert.That(validator.Validate(null, options).Succeeded, Is.True);
        }
    }

    [Test]
    public void A_function_with_only_a_command_is_valid_with_the_default_limits()
    {
        var function = new ServerFunctionSettings { Command = "/bin/true" };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(function.Timeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(function.MaxOutputBytes, Is.EqualTo(64 * 1024));
            Assert.That(validator.Validate(null, WithFunction("true", function)).Succeeded, Is.True);
        }
    }

    [TestCase("00:00:00")]
    [TestCase("-00:00:01")]
    [TestCase("01:00:01")]
    public void A_request_ttl_that_is_not_positive_or_over_an_hour_names_the_key(string ttl)
    {
        var result = validator.Validate(null, new ServerFunctionOptions { RequestTtl = Duration(ttl) });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Paste:V1:RequestTtl"));
    }

    [Test]
    public void A_request_ttl_of_exactly_one_hour_is_valid()
    {
        Assert.That(validator.Validate(null, new ServerFunctionOptions { RequestTtl = TimeSpan.FromHours(1) }).Succeeded, Is.True);
    }

    [TestCase("")]
    [TestCase("   ")]
    public void A_blank_box_key_path_names_the_key(string path)
    {
        var result = validator.Validate(null, new ServerFunctionOptions { BoxKeyPath = path });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Paste:V1:BoxKeyPath"));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(10_001)]
    public void Max_key_trials_outside_1_to_10000_name_the_key(int trials)
    {
        var result = validator.Validate(null, new ServerFunctionOptions { MaxKeyTrials = trials });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Paste:V1:MaxKeyTrials"));
    }

    [TestCase(1)]
    [TestCase(10_000)]
    public void Max_key_trials_at_either_bound_are_valid(int trials)
    {
        Assert.That(validator.Validate(null, new ServerFunctionOptions { MaxKeyTrials = trials }).Succeeded, Is.True);
    }

    [Test]
    public void Runs_at_once_default_to_4_per_client_and_8_per_function()
    {
        Assert.That(new ServerFunctionOptions().MaxConcurrentRunsPerClient, Is.EqualTo(4));
        Assert.That(new ServerFunctionSettings().MaxConcurrentRuns, Is.EqualTo(8));
    }

    [TestCase(0)]
    [TestCase(1001)]
    public void Runs_at_once_per_client_outside_1_to_1000_name_the_key(int runs)
    {
        var result = validator.Validate(null, new ServerFunctionOptions { MaxConcurrentRunsPerClient = runs });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Paste:V1:MaxConcurrentRunsPerClient"));
    }

    [TestCase(0)]
    [TestCase(1001)]
    public void Runs_at_once_of_a_function_outside_1_to_1000_name_its_key(int runs)
    {
        var result = validator.Validate(null, WithFunction("lookup", new ServerFunctionSettings { Command = "/bin/true", MaxConcurrentRuns = runs }));

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Paste:V1:Functions:lookup:MaxConcurrentRuns"));
    }

    [TestCase("")]
    [TestCase("  ")]
    public void A_function_without_a_command_names_its_command_key(string command)
    {
        var result = validator.Validate(null, WithFunction("lookup", new ServerFunctionSettings { Command = command }));

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Paste:V1:Functions:lookup:Command"));
    }

    [TestCase("00:00:00")]
    [TestCase("-00:00:01")]
    [TestCase("00:10:01")]
    public void A_timeout_that_is_not_positive_or_over_ten_minutes_names_its_key(string timeout)
    {
        var result = validator.Validate(null, WithFunction("lookup", new ServerFunctionSettings { Command = "/bin/true", Timeout = Duration(timeout) }));

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Paste:V1:Functions:lookup:Timeout"));
    }

    [Test]
    public void A_timeout_of_exactly_ten_minutes_is_valid()
    {
        var function = new ServerFunctionSettings { Command = "/bin/true", Timeout = TimeSpan.FromMinutes(10) };

        Assert.That(validator.Validate(null, WithFunction("lookup", function)).Succeeded, Is.True);
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(ServerFunctionSettings.MaxOutputLimit + 1)]
    public void A_max_output_outside_1_to_the_limit_names_its_key(int bytes)
    {
        var result = validator.Validate(null, WithFunction("lookup", new ServerFunctionSettings { Command = "/bin/true", MaxOutputBytes = bytes }));

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Paste:V1:Functions:lookup:MaxOutputBytes"));
    }

    [TestCase(1)]
    [TestCase(ServerFunctionSettings.MaxOutputLimit)]
    public void A_max_output_at_either_bound_is_valid(int bytes)
    {
        var function = new ServerFunctionSettings { Command = "/bin/true", MaxOutputBytes = bytes };

        Assert.That(validator.Validate(null, WithFunction("lookup", function)).Succeeded, Is.True);
    }

    [Test]
    public void A_working_directory_that_does_not_exist_names_its_key_and_the_directory()
    {
        var missing = Path.Combine(Path.GetTempPath(), "paste-missing-" + Guid.NewGuid().ToString("N"));

        var result = validator.Validate(null, WithFunction("lookup", new ServerFunctionSettings { Command = "/bin/true", WorkingDirectory = missing }));

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Paste:V1:Functions:lookup:WorkingDirectory").And.Contain(missing));
    }

    [Test]
    public void An_existing_working_directory_is_valid()
    {
        var function = new ServerFunctionSettings { Command = "/bin/true", WorkingDirectory = Path.GetTempPath() };

        Assert.That(validator.Validate(null, WithFunction("lookup", function)).Succeeded, Is.True);
    }

    [TestCase("with space")]
    [TestCase("a/b")]
    [TestCase("../up")]
    [TestCase("semi;colon")]
    [TestCase("grüße")]
    [TestCase("")]
    public void A_function_name_that_is_not_letters_digits_underscore_dash_or_dot_names_its_key(string name)
    {
        var result = validator.Validate(null, WithFunction(name, new ServerFunctionSettings { Command = "/bin/true" }));

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain($"Paste:V1:Functions:{name}: a function name is"));
    }

    [Test]
    public void A_function_name_over_64_characters_names_its_key()
    {
        var name = new string('f', 65);

        var result = validator.Validate(null, WithFunction(name, new ServerFunctionSettings { Command = "/bin/true" }));

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain($"Paste:V1:Functions:{name}"));
    }

    [TestCase("time_test")]
    [TestCase("A-b.c_9")]
    [TestCase("x")]
    public void A_function_name_of_letters_digits_underscore_dash_and_dot_is_valid(string name)
    {
        Assert.That(validator.Validate(null, WithFunction(name, new ServerFunctionSettings { Command = "/bin/true" })).Succeeded, Is.True);
    }

    [Test]
    public void A_function_name_of_exactly_64_characters_is_valid()
    {
        Assert.That(validator.Validate(null, WithFunction(new string('f', 64), new ServerFunctionSettings { Command = "/bin/true" })).Succeeded, Is.True);
    }

    [TestCase("")]
    [TestCase("A=B")]
    public void An_environment_variable_that_is_no_variable_name_names_its_key(string variable)
    {
        var function = new ServerFunctionSettings { Command = "/bin/true", Environment = { [variable] = "value" } };

        var result = validator.Validate(null, WithFunction("lookup", function));

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Paste:V1:Functions:lookup:Environment"));
    }

    [Test]
    public void Every_problem_of_every_function_is_reported_at_once()
    {
        var options = new ServerFunctionOptions
        {
            RequestTtl = TimeSpan.Zero,
            Functions =
            {
                ["first"] = new ServerFunctionSettings { Command = "" },
                ["second"] = new ServerFunctionSettings { Command = "/bin/true", Timeout = TimeSpan.Zero, MaxOutputBytes = 0 },
            },
        };

        var result = validator.Validate(null, options);

        Assert.That(result.Failures, Is.EquivalentTo(new[]
        {
            "Paste:V1:RequestTtl must be a positive duration of at most one hour, such as 00:00:30.",
            "Paste:V1:Functions:first:Command must name an executable.",
            "Paste:V1:Functions:second:Timeout must be a positive duration of at most ten minutes, such as 00:00:10.",
            $"Paste:V1:Functions:second:MaxOutputBytes must be between 1 and {ServerFunctionSettings.MaxOutputLimit}.",
        }));
    }

    private static ServerFunctionOptions WithFunction(string name, ServerFunctionSettings function) =>
        new() { Functions = { [name] = function } };

    private static TimeSpan Duration(string text) => TimeSpan.Parse(text, CultureInfo.InvariantCulture);
}
