using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Persistence;

/// <summary>
/// What an operator who switches to PostgreSQL sees when the connection is not right: one line on standard error and
/// exit code 1, never a stack trace. About configuring PostgreSQL itself, so it runs without the provider parameter.
/// </summary>
public sealed class PostgresStartupTests
{
    private TestDatabase database = null!;

    [SetUp]
    public void CreateDatabase() => database = new TestDatabase(StorageProvider.PostgreSql);

    [TearDown]
    public void DropDatabase() => database.Dispose();

    [Test]
    public async Task PostgreSQL_without_a_connection_string_stops_the_service_naming_the_setting()
    {
        var result = await PasteExecutable.RunAsync(database, [], new Dictionary<string, string?> { ["ConnectionStrings:Paste"] = "" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(
                result.StandardError.Trim(),
                Is.EqualTo("Invalid configuration: ConnectionStrings:Paste must be set to a PostgreSQL connection string when Paste:Storage:Provider is PostgreSql."));
        }
    }

    [Test]
    public async Task A_connection_string_that_is_not_one_stops_the_service_naming_the_setting()
    {
        var result = await PasteExecutable.RunAsync(database, [], new Dictionary<string, string?> { ["ConnectionStrings:Paste"] = "Data Source=data/paste.db" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.StartWith("Invalid configuration: ConnectionStrings:Paste is not a valid PostgreSQL connection string"));
        }
    }

    [Test]
    public async Task A_server_that_does_not_answer_stops_the_service_with_the_drivers_reason()
    {
        var port = LoopbackPort.Free();
        var unreachable = $"Host=127.0.0.1;Port={port};Username=paste;Database=paste;Timeout=3";

        var result = await PasteExecutable.RunAsync(database, [], new Dictionary<string, string?> { ["ConnectionStrings:Paste"] = unreachable });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(
                result.StandardError,
                Does.Contain($"Cannot prepare storage: postgresql://127.0.0.1:{port}/paste: Failed to connect to 127.0.0.1:{port}"),
                result.ToString());
            Assert.That(result.StandardError, Does.Not.Contain("   at "), "no stack trace");
        }
    }
}
