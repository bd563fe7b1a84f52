using System.Net;
using System.Text.Json;

namespace Paste.Api.Tests.Support;

/// <summary>
/// The built application run as its own process, <c>dotnet Paste.Api.dll ...</c>, on a test's database: the operator
/// command line, or the service itself when a test needs to kill it outright.
/// </summary>
public static class PasteExecutable
{
    /// <summary>The test project references Paste.Api, so the build copies it (and its runtimeconfig) beside the tests.</summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "Paste.Api.dll");

    /// <summary>
    /// Settings for a test that loads the service from one address: the production limits (60 anonymous creates a
    /// minute, 4 uploads at once per client IP) would throttle the load itself.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Unthrottled = new Dictionary<string, string?>
    {
        ["Paste:RateLimits:AnonymousPermitsPerMinute"] = "1000000",
        ["Paste:RateLimits:AuthenticatedPermitsPerMinute"] = "1000000",
        ["Paste:RateLimits:RequestsPerMinute"] = "1000000",
        ["Paste:RateLimits:ConcurrentUploadsPerClient"] = "1000",
    };

    /// <summary>
    /// The environment that points the application at <paramref name="database"/> and the keys beside it, as
    /// <see cref="PasteApiFactory"/> does, with <paramref name="settings"/> (configuration keys, ':' or '__') on top.
    /// </summary>
    public static Dictionary<string, string?> Environment(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Paste__Storage__Provider"] = database.Provider.ToString(),
            ["ConnectionStrings__Paste"] = database.ConnectionString,
            ["Paste__Webhooks__SigningKeyPath"] = database.SigningKeyPath(),
            ["Paste__Signatures__KeyRingPath"] = Path.Combine(database.DirectoryPath, "keys"),
            ["Paste__V1__BoxKeyPath"] = database.BoxKeyPath,

            // Should the service start after all (a command line that is not a command), only on an ephemeral loopback port.
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return environment;
    }

    /// <summary>Runs <c>dotnet Paste.Api.dll</c> with <paramref name="arguments"/> to its end.</summary>
    public static Task<ProcessResult> RunAsync(TestDatabase database, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Assert.That(File.Exists(AssemblyPath), Is.True, $"{AssemblyPath} is missing: the test project must reference Paste.Api");
        return ExternalProcess.RunAsync(BuildLocations.DotnetHost, [AssemblyPath, .. arguments], Environment(database, settings));
    }

    /// <summary>Runs an operator command, checks it succeeded, and returns the JSON it printed.</summary>
    public static async Task<JsonElement> AdminAsync(TestDatabase database, params string[] arguments)
    {
        var result = await RunAsync(database, arguments);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        try
        {
            using var document = JsonDocument.Parse(result.StandardOutput);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            Assert.Fail($"stdout of '{string.Join(' ', arguments)}' is not JSON ({exception.Message}): {result}");
            throw;
        }
    }

    /// <summary>Starts the service on 127.0.0.1:<paramref name="port"/>; it runs until killed or disposed.</summary>
    public static ExternalProcess StartService(TestDatabase database, int port, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Assert.That(File.Exists(AssemblyPath), Is.True, $"{AssemblyPath} is missing: the test project must reference Paste.Api");
        return ExternalProcess.Start(BuildLocations.DotnetHost, [AssemblyPath, "--urls", $"http://127.0.0.1:{port}"], Environment(database, settings));
    }

    /// <summary>Waits until the service answers GET /health with 200; fails early, with its output, if it exits instead.</summary>
    public static async Task WaitUntilHealthyAsync(ExternalProcess service, HttpClient client, Uri address)
    {
        await Eventually.ReturnsAsync(
            async () => service.HasExited || await IsHealthyAsync(client, address),
            ready => ready,
            "GET /health to answer 200",
            _ => service.ToString(),
            TimeSpan.FromSeconds(30));
        Assert.That(service.HasExited, Is.False, service.ToString());
    }

    private static async Task<bool> IsHealthyAsync(HttpClient client, Uri address)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(address, "/health"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
