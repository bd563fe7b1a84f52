using System.Globalization;
using System.Text.RegularExpressions;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.ServerFunctions;

/// <summary>
/// <c>docs/v1_client.py</c>, the Python client users are given, against the service run as its own process: a key
/// made by the client's keygen, registered with <c>clients add --box-key</c>, calls the built-in <c>time_test</c> and an
/// operator function, and is refused once <c>clients revoke</c> has run beside the running service.
/// </summary>
public sealed partial class PythonClientTests(StorageProvider provider) : StoreFixture(provider)
{
    private const string Uppercase = "uppercase";

    /// <summary>A revoked client's key is no longer tried: to the service its call is one that no registered key sealed.</summary>
    private static readonly string[] RevokedCallReasons = ["no registered box key opens the id"];

    private TestDatabase database = null!;
    private HttpClient client = null!;
    private string clientDirectory = null!;

    [SetUp]
    public void SetUp()
    {
        database = new TestDatabase(Provider);
        client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        clientDirectory = Directory.CreateDirectory(Path.Combine(database.DirectoryPath, "python-client")).FullName;
    }

    [TearDown]
    public void TearDown()
    {
        client.Dispose();
        database.Dispose();
    }

    [Test]
    public async Task A_registered_python_client_gets_the_time_and_a_function_value_until_it_is_revoked()
    {
        var python = await PythonWithNacl.PathAsync();
        var settings = new Dictionary<string, string?>
        {
            // A function that transforms its args: what comes back proves they went in on stdin and stdout came out.
            [$"Paste:V1:Functions:{Uppercase}:Command"] = "/usr/bin/tr",
            [$"Paste:V1:Functions:{Uppercase}:Arguments:0"] = "a-z",
            [$"Paste:V1:Functions:{Uppercase}:Arguments:1"] = "A-Z",
            ["Serilog:MinimumLevel:Default"] = "Information",
        };
        var port = LoopbackPort.Free();
        var address = new Uri($"http://127.0.0.1:{port}");
        await using var service = PasteExecutable.StartService(database, port, settings);
        await PasteExecutable.WaitUntilHealthyAsync(service, client, address);

        var keygen = await ExternalProcess.RunAsync(python, [ClientScript, "keygen"], workingDirectory: clientDirectory);
        Assert.That(keygen.ExitCode, Is.Zero, keygen.ToString());
        var added = await PasteExecutable.AdminAsync(database, "clients", "add", "python client", "--box-key", keygen.StandardOutput.Trim());
        var keyId = added.GetProperty("key_id").GetString()!;
        var secret = added.GetProperty("secret").GetString()!;
        await File.WriteAllTextAsync(Path.Combine(clientDirectory, "server.pub"), added.GetProperty("server_public_key").GetString());
        await File.WriteAllTextAsync(Path.Combine(clientDirectory, "client.secret"), secret);

        var time = await CallAsync(python, address, "time_test");
        var upper = await CallAsync(python, address, Uppercase, "hello from python, 42!");
        var revoked = await PasteExecutable.AdminAsync(database, "clients", "revoke", keyId);
        var refused = await CallAsync(python, address, "time_test");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(time.ExitCode, Is.Zero, time.ToString());
            Assert.That(time.StandardOutput.TrimEnd('\n'), Does.Match(@"^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$"), "C's ctime, in UTC");
            Assert.That(CtimeUtc(time.StandardOutput), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(upper.ExitCode, Is.Zero, upper.ToString());
            Assert.That(upper.StandardOutput, Is.EqualTo("HELLO FROM PYTHON, 42!\n"), "tr's stdout as the value, printed with one newline");
            Assert.That(revoked.GetProperty("revoked").GetBoolean(), Is.True);
            Assert.That(refused.ExitCode, Is.Not.Zero, refused.ToString());
            Assert.That(refused.StandardError, Does.Contain("401: Unauthorized"), refused.ToString());
            Assert.That(refused.StandardOutput, Is.Empty, refused.ToString());
        }

        // The log is written from a background thread: the refusal's line may follow its answer by a moment. Only the
        // revoked client's call was refused, and the operator reads why; the secret never reaches the log.
        var log = await Eventually.ReturnsAsync(
            () => Task.FromResult(service.ToString()),
            output => RefusalLine().IsMatch(output),
            "the refusal of the revoked client's call in the service log");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RefusalLine().Matches(log).Select(line => line.Groups["reason"].Value), Is.EqualTo(RevokedCallReasons), log);
            Assert.That(Regex.Matches(log, @"POST /v1 responded 200 "), Has.Count.EqualTo(2), log);
            Assert.That(log, Does.Not.Contain(secret));
        }
    }

    private static string ClientScript => Path.Combine(BuildLocations.RepositoryRoot(), "docs", "v1_client.py");

    private Task<ProcessResult> CallAsync(string python, Uri address, string entry, string? args = null) =>
        ExternalProcess.RunAsync(
            python,
            [ClientScript, new Uri(address, "/v1").ToString(), entry, .. args is null ? Array.Empty<string>() : [args]],
            workingDirectory: clientDirectory);

    /// <summary>Reads <c>Sat Mar  3 13:20:53 2024</c> as a UTC instant.</summary>
    private static DateTimeOffset CtimeUtc(string ctime) =>
        DateTimeOffset.ParseExact(
            Regex.Replace(ctime.Trim(), " +", " "),
            "ddd MMM d HH:mm:ss yyyy",
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal);

    [GeneratedRegex(@"Request refused with 401: (?<reason>[^\r\n]*)")]
    private static partial Regex RefusalLine();
}
