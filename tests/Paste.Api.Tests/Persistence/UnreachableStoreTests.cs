using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Persistence;

/// <summary>
/// What an operator sees when the configured database cannot be reached: every command that uses it, and the service
/// itself, end with exit code 1 and one line on standard error naming the database (host, port and name; never the
/// password) and the driver's reason. Neither EF Core's logged report of the failure nor a stack trace comes with it.
/// </summary>
public sealed class UnreachableStoreTests
{
    private const string Password = "hunter2-not-printed";

    private TestDatabase keys = null!;

    /// <summary>Every command that opens the configured store; none but the service itself, which is the empty command line.</summary>
    private static readonly string[][] CommandsOnTheStore =
    [
        ["clients", "list"],
        ["clients", "add", "nightly job"],
        ["clients", "revoke", "no-such-key"],
        ["clients", "purge", "--yes"],
        ["clients", "server-key"],
        ["webhooks", "status"],
        ["webhooks", "retry-dead"],
        ["check"],
        [],
    ];

    /// <summary>The keys' directory: no database is ever created in it, since the store is a PostgreSQL server.</summary>
    [SetUp]
    public void CreateKeyDirectory() => keys = new TestDatabase();

    [TearDown]
    public void DeleteKeyDirectory() => keys.Dispose();

    [TestCaseSource(nameof(CommandsOnTheStore))]
    public async Task A_PostgreSQL_port_where_nothing_listens_is_one_line_naming_the_server(params string[] command)
    {
        var port = LoopbackPort.Free();
        var result = await RunOnPostgreSqlAsync(command, $"Host=127.0.0.1;Port={port};Username=paste;Password={Password};Database=paste;Timeout=5");

        AssertOneLineNaming(result, $"postgresql://127.0.0.1:{port}/paste: Failed to connect to 127.0.0.1:{port}");
    }

    /// <summary>A real server that refuses the login: the test cluster trusts its own user, so the user is one it does not know.</summary>
    [TestCase("clients", "list")]
    [TestCase("check")]
    [TestCase]
    public async Task A_login_the_server_refuses_is_one_line_naming_the_server(params string[] command)
    {
        using var database = new TestDatabase(StorageProvider.PostgreSql);
        var port = PostgresServer.Shared.Port;
        var result = await RunOnPostgreSqlAsync(command, $"{database.ConnectionString};Username=intruder;Password={Password}");

        AssertOneLineNaming(result, $"postgresql://127.0.0.1:{port}/");
        Assert.That(result.StandardError, Does.Contain("role \"intruder\" does not exist"), result.ToString());
    }

    [Test]
    public async Task A_copy_to_a_PostgreSQL_port_where_nothing_listens_is_one_line_naming_the_target()
    {
        Assert.That((await PasteExecutable.RunAsync(keys, ["clients", "list"])).ExitCode, Is.Zero, "the SQLite store to copy exists");
        var port = LoopbackPort.Free();

        var result = await PasteExecutable.RunAsync(keys, ["copy-to-postgresql", $"Host=127.0.0.1;Port={port};Username=paste;Password={Password};Database=paste"]);

        AssertOneLineNaming(result, $"error: postgresql://127.0.0.1:{port}/paste: Failed to connect to 127.0.0.1:{port}");
    }

    [TestCase("clients", "list")]
    [TestCase]
    public async Task A_SQLite_file_that_is_no_database_is_one_line_naming_the_file(params string[] command)
    {
        await File.WriteAllTextAsync(keys.FilePath, "these are notes, not a database\n");

        var result = await PasteExecutable.RunAsync(keys, command);

        AssertOneLineNaming(result, $"Cannot prepare storage: {keys.FilePath}: SQLite Error 26: 'file is not a database'.");
    }

    private Task<ProcessResult> RunOnPostgreSqlAsync(string[] command, string connectionString) =>
        PasteExecutable.RunAsync(keys, command, new Dictionary<string, string?>
        {
            ["Paste:Storage:Provider"] = nameof(StorageProvider.PostgreSql),
            ["ConnectionStrings:Paste"] = connectionString,
        });

    private static void AssertOneLineNaming(ProcessResult result, string expected)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError.TrimEnd().Split('\n'), Has.Length.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.Contain(expected), result.ToString());
            Assert.That(result.StandardError + result.StandardOutput, Does.Not.Contain(Password), result.ToString());

            // The service logs through Serilog to stdout, the commands through the console logger to stderr: neither
            // carries EF Core's report ("An error occurred using the connection to database ...", "Failed executing DbCommand").
            Assert.That(result.StandardOutput, Is.Empty, result.ToString());
        }
    }
}
