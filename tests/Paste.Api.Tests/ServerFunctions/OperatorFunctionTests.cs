using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.ServerFunctions;

/// <summary>
/// Operator functions configured under <c>Paste:V1:Functions</c>, called by a registered box client through the
/// in-memory application: they run as child processes without a shell, with exactly the configured arguments,
/// environment and directory, the call's args on standard input and their standard output as the value; one that
/// fails, hangs or writes too much answers 502 and is gone.
/// </summary>
public sealed class OperatorFunctionTests(StorageProvider provider) : StoreFixture(provider)
{
    private static readonly string[] ValueMemberOnly = ["value"];

    /// <summary>Unique arguments by which the children of one call can be found among the machine's processes.</summary>
    private readonly string sleepMarker = "29." + RandomDigits();
    private readonly string grandchildSleepMarker = "31." + RandomDigits();
    private readonly string yesMarker = "paste-yes-" + RandomDigits();
    private readonly string backgroundSleepMarker = "300." + RandomDigits();

    private TestDatabase database = null!;
    private string workingDirectory = null!;
    private PasteApiFactory factory = null!;
    private HttpClient http = null!;
    private BoxClient client = null!;

    [OneTimeSetUp]
    public async Task StartApplication()
    {
        database = new TestDatabase(Provider);
        workingDirectory = Directory.CreateDirectory(Path.Combine(database.DirectoryPath, "function home")).FullName;
        factory = new PasteApiFactory(Settings(), database);
        http = factory.CreatePasteClient();
        client = await BoxClient.RegisterAsync(factory);
    }

    [OneTimeTearDown]
    public async Task StopApplication()
    {
        http.Dispose();
        await factory.DisposeAsync();
        database.Dispose();
    }

    [Test]
    public async Task The_args_reach_the_function_on_standard_input_and_its_standard_output_is_the_value()
    {
        using var response = await BoxClient.PostAsync(http, client.Call("upper", "hello, sealed world"));

        Assert.That(await ValueAsync(response), Is.EqualTo("HELLO, SEALED WORLD"));
    }

    [Test]
    public async Task A_call_without_args_gives_the_function_an_empty_standard_input()
    {
        using var response = await BoxClient.PostAsync(http, client.Call("count_input"));

        // wc reads to the end of its input: it answers at once only because the input is closed, empty.
        Assert.That(await ValueAsync(response), Is.EqualTo("0"));
    }

    [Test]
    public async Task Configured_arguments_reach_the_function_verbatim_one_each_without_a_shell()
    {
        using var response = await BoxClient.PostAsync(http, client.Call("print_arguments"));

        Assert.That(await ValueAsync(response), Is.EqualTo("[$HOME; echo hacked]\n[two  words]\n[*]\n[`id`]\n['quoted']"));
    }

    [Test]
    public async Task The_function_sees_only_its_configured_environment_and_nothing_of_the_service()
    {
        Assume.That(Environment.GetEnvironmentVariable("PATH"), Is.Not.Null, "the service has an environment of its own to leak");

        using var response = await BoxClient.PostAsync(http, client.Call("environment"));

        Assert.That(await ValueAsync(response), Is.EqualTo("GREETING=hello from the operator"));
    }

    [Test]
    public async Task The_function_runs_in_its_configured_working_directory()
    {
        using var response = await BoxClient.PostAsync(http, client.Call("where"));

        Assert.That(await ValueAsync(response), Is.EqualTo(workingDirectory));
    }

    [Test]
    public async Task Non_ascii_text_round_trips_through_a_function_as_utf8()
    {
        const string text = "grüße,\nΚαλημέρα, 東京 🙂";

        using var response = await BoxClient.PostAsync(http, client.Call("cat", text));

        Assert.That(await ValueAsync(response), Is.EqualTo(text));
    }

    [Test]
    public async Task Trailing_line_ends_of_the_output_are_dropped_as_a_shell_drops_them_and_inner_ones_kept()
    {
        using var response = await BoxClient.PostAsync(http, client.Call("cat", "two\r\nlines\n\n"));

        Assert.That(await ValueAsync(response), Is.EqualTo("two\r\nlines"));
    }

    [Test]
    public async Task An_operator_function_named_time_test_replaces_the_built_in()
    {
        using var response = await BoxClient.PostAsync(http, client.Call("time_test"));

        Assert.That(await ValueAsync(response), Is.EqualTo("the operator's time"));
    }

    [Test]
    public async Task A_function_that_exits_non_zero_answers_502_with_the_json_error()
    {
        using var response = await BoxClient.PostAsync(http, client.Call("fail", "input of a failing call"));

        await AssertFunctionFailedAsync(response, "input of a failing call");
    }

    [Test]
    public async Task A_function_whose_command_does_not_exist_answers_502()
    {
        using var response = await BoxClient.PostAsync(http, client.Call("missing"));

        await AssertFunctionFailedAsync(response);
    }

    [Test]
    public async Task A_function_that_outlives_its_timeout_answers_502_within_seconds_and_is_killed_with_what_it_started()
    {
        var clock = Stopwatch.StartNew();
        using var response = await BoxClient.PostAsync(http, client.Call("slow"));
        var answeredAfter = clock.Elapsed;

        await AssertFunctionFailedAsync(response);
        Assert.That(answeredAfter, Is.LessThan(TimeSpan.FromSeconds(5)), "the timeout is one second");
        await AssertNoProcessWithArgumentAsync(sleepMarker);
        await AssertNoProcessWithArgumentAsync(grandchildSleepMarker);
    }

    [Test]
    public async Task A_function_that_writes_more_than_its_limit_answers_502_at_once_and_is_killed()
    {
        var clock = Stopwatch.StartNew();
        using var response = await BoxClient.PostAsync(http, client.Call("chatty"));
        var answeredAfter = clock.Elapsed;

        await AssertFunctionFailedAsync(response);
        Assert.That(answeredAfter, Is.LessThan(TimeSpan.FromSeconds(5)), "the limit, not the 30-second timeout, ends it");
        await AssertNoProcessWithArgumentAsync(yesMarker);
    }

    [Test]
    public async Task A_process_a_function_leaves_running_in_the_background_ends_with_the_call()
    {
        using var response = await BoxClient.PostAsync(http, client.Call("leave_behind"));

        Assert.That(await ValueAsync(response), Is.EqualTo("started"), "the call answers when the function exits, not at its timeout");
        await AssertNoProcessWithArgumentAsync(backgroundSleepMarker);
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>();
        void Function(string name, string command, string[]? arguments = null, Dictionary<string, string?>? more = null)
        {
            var key = $"Paste:V1:Functions:{name}:";
            settings[key + "Command"] = command;
            foreach (var (argument, index) in (arguments ?? []).Select((argument, index) => (argument, index)))
            {
                settings[key + "Arguments:" + index.ToString(CultureInfo.InvariantCulture)] = argument;
            }

            foreach (var (setting, value) in more ?? [])
            {
                settings[key + setting] = value;
            }
        }

        Function("upper", "/usr/bin/tr", ["a-z", "A-Z"]);
        Function("count_input", "/usr/bin/wc", ["-c"]);
        Function("cat", "/bin/cat");
        Function("print_arguments", "/usr/bin/printf", ["[%s]\\n", "$HOME; echo hacked", "two  words", "*", "`id`", "'quoted'"]);
        Function("environment", "/usr/bin/env", more: new() { ["Environment:GREETING"] = "hello from the operator" });
        Function("where", "/bin/pwd", more: new() { ["WorkingDirectory"] = workingDirectory });
        Function("time_test", "/bin/echo", ["the operator's time"]);
        Function("fail", "/bin/false");
        Function("missing", "/nonexistent/paste-function-" + RandomDigits());

        // A shell of the operator's choosing, so that the function has a child of its own that must die with it.
        Function("slow", "/bin/sh", ["-c", $"/bin/sleep {grandchildSleepMarker} & /bin/sleep {sleepMarker}; wait"], new() { ["Timeout"] = "00:00:01" });
        // The shell exits at once; the sleep it started is reparented away from it, still holding standard output.
        Function("leave_behind", "/bin/sh", ["-c", $"/bin/sleep {backgroundSleepMarker} & echo started"], new() { ["Timeout"] = "00:00:30" });
        Function("chatty", "/usr/bin/yes", [yesMarker], new() { ["MaxOutputBytes"] = "1024", ["Timeout"] = "00:00:30" });
        return settings;
    }

    private static async Task<string> ValueAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        using var json = JsonDocument.Parse(body);
        Assert.That(json.RootElement.EnumerateObject().Select(property => property.Name), Is.EqualTo(ValueMemberOnly), body);
        return json.RootElement.GetProperty("value").GetString()!;
    }

    /// <summary>The caller learns that the function failed, and nothing of why, of what it sent or of what the function wrote.</summary>
    private static async Task AssertFunctionFailedAsync(HttpResponseMessage response, string? args = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway), body);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Does.EndWith("json"), body);
            Assert.That(json.RootElement.GetProperty("error").GetString(), Is.EqualTo("Server function failed"), body);
            Assert.That(body, Does.Not.Contain("exited").And.Not.Contain("longer").And.Not.Contain("more than").And.Not.Contain("started"), "the reason is for the log");
            if (args is not null)
            {
                Assert.That(body, Does.Not.Contain(args));
            }
        }
    }

    private static async Task AssertNoProcessWithArgumentAsync(string argument) =>
        await Eventually.ReturnsAsync(
            () => Task.FromResult(ProcessesWithArgument(argument)),
            processes => processes.Count == 0,
            $"every process with the argument {argument} to be gone",
            processes => string.Join(", ", processes),
            TimeSpan.FromSeconds(5));

    /// <summary>The ids of running processes with <paramref name="argument"/> on their command line (a zombie's is empty).</summary>
    private static List<string> ProcessesWithArgument(string argument)
    {
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc").Where(path => Path.GetFileName(path).All(char.IsAsciiDigit)))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0').Contains(argument))
                {
                    found.Add(Path.GetFileName(directory));
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // It ended while the list was read.
            }
        }

        return found;
    }

    private static string RandomDigits() => Random.Shared.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
}
