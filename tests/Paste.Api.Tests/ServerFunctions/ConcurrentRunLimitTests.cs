using System.Net;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.ServerFunctions;

/// <summary>
/// How many operator functions run at once is bounded per client (<c>Paste:V1:MaxConcurrentRunsPerClient</c>) and per
/// function (<c>Paste:V1:Functions:&lt;name&gt;:MaxConcurrentRuns</c>): one call past either bound answers 429 with
/// Retry-After and starts no process, while the calls within it run and the bound frees as they end.
/// </summary>
public sealed class ConcurrentRunLimitTests(StorageProvider provider) : StoreFixture(provider)
{
    private const int PerClient = 2;
    private const int PerFunction = 3;

    private TestDatabase database = null!;
    private string workingDirectory = null!;
    private PasteApiFactory factory = null!;
    private HttpClient http = null!;

    [SetUp]
    public void StartApplication()
    {
        database = new TestDatabase(Provider);
        workingDirectory = Directory.CreateDirectory(Path.Combine(database.DirectoryPath, "function home")).FullName;
        const string key = "Paste:V1:Functions:";
        factory = new PasteApiFactory(
            new Dictionary<string, string?>
            {
                ["Paste:V1:MaxConcurrentRunsPerClient"] = PerClient.ToString(System.Globalization.CultureInfo.InvariantCulture),

                // Each run leaves a file named after its process, then waits until the test creates "release".
                [key + "hold:Command"] = "/bin/sh",
                [key + "hold:Arguments:0"] = "-c",
                [key + "hold:Arguments:1"] = "touch \"started.$$\"; while [ ! -e release ]; do sleep 0.05; done",
                [key + "hold:WorkingDirectory"] = workingDirectory,
                [key + "hold:Timeout"] = "00:01:00",
                [key + "hold:MaxConcurrentRuns"] = PerFunction.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [key + "echo:Command"] = "/bin/echo",
                [key + "echo:Arguments:0"] = "ran",
            },
            database);
        http = factory.CreatePasteClient();
    }

    [TearDown]
    public async Task StopApplication()
    {
        http.Dispose();
        await factory.DisposeAsync();
        database.Dispose();
    }

    [Test]
    public async Task A_client_past_its_runs_at_once_gets_429_while_another_client_and_its_own_earlier_calls_run()
    {
        var busy = await BoxClient.RegisterAsync(factory, "busy");
        var other = await BoxClient.RegisterAsync(factory, "other");
        var held = await HoldAsync(Enumerable.Repeat(busy, PerClient));

        using var refused = await BoxClient.PostAsync(http, busy.Call("echo"));
        using var otherClient = await BoxClient.PostAsync(http, other.Call("echo"));

        await AssertTooManyAsync(refused);
        Assert.That(await ValueAsync(otherClient), Is.EqualTo("ran"), "another client's calls run");
        await ReleaseAsync(held);
        using var afterwards = await BoxClient.PostAsync(http, busy.Call("echo"));
        Assert.That(await ValueAsync(afterwards), Is.EqualTo("ran"), "the client's runs ended, and so did the bound");
    }

    [Test]
    public async Task A_function_past_its_runs_at_once_gets_429_whoever_calls_it_while_other_functions_run()
    {
        var callers = new List<BoxClient>();
        for (var i = 0; i <= PerFunction; i++)
        {
            callers.Add(await BoxClient.RegisterAsync(factory, $"caller {i}"));
        }

        var held = await HoldAsync(callers.Take(PerFunction));

        using var refused = await BoxClient.PostAsync(http, callers[PerFunction].Call("hold"));
        using var otherFunction = await BoxClient.PostAsync(http, callers[PerFunction].Call("echo"));

        await AssertTooManyAsync(refused);
        Assert.That(await ValueAsync(otherFunction), Is.EqualTo("ran"), "other functions run");
        await ReleaseAsync(held);
        Assert.That(Directory.EnumerateFiles(workingDirectory, "started.*").Count(), Is.EqualTo(PerFunction), "the refused call started no process");
    }

    /// <summary>Sends one call to "hold" per caller, and returns once every one of them is running.</summary>
    private async Task<List<Task<HttpResponseMessage>>> HoldAsync(IEnumerable<BoxClient> callers)
    {
        var held = callers.Select(caller => BoxClient.PostAsync(http, caller.Call("hold"))).ToList();
        await Eventually.ReturnsAsync(
            () => Task.FromResult(Directory.EnumerateFiles(workingDirectory, "started.*").Count()),
            started => started == held.Count || held.Any(call => call.IsCompleted),
            $"{held.Count} runs of 'hold' to be going",
            started => $"{started} started; answered early: {string.Join(", ", held.Where(call => call.IsCompleted).Select(call => call.Result.StatusCode))}",
            TimeSpan.FromSeconds(30));
        Assert.That(held.Where(call => call.IsCompleted).Select(call => call.Result.StatusCode), Is.Empty, "a call within the bound answered before its run ended");
        return held;
    }

    /// <summary>Lets every held run end, and checks that each of their calls succeeded.</summary>
    private async Task ReleaseAsync(List<Task<HttpResponseMessage>> held)
    {
        await File.WriteAllTextAsync(Path.Combine(workingDirectory, "release"), "");
        foreach (var call in held)
        {
            using var response = await call;
            Assert.That(await ValueAsync(response), Is.Empty, "a call within the bound ran to its end");
        }
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        await ResponseAssert.ProblemAsync(response, HttpStatusCode.TooManyRequests, "Too many requests");
        Assert.That(ResponseAssert.Header(response, "Retry-After"), Is.EqualTo("1"));
    }

    private static async Task<string> ValueAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("value").GetString()!;
    }
}
