using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Paste.Application.Clients;

namespace Paste.Cli.Tests.Support;

/// <summary>
/// The real service on Kestrel on a loopback port, and the tool's entry point run in-process against it with its own
/// standard streams, environment and config directory, as a person's shell would run <c>paste</c>. Every fixture runs
/// once on each storage provider (NUnit inherits the attributes): the tool must not notice which one the server uses.
/// </summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public abstract class CliFixture
{
    protected CliFixture(StorageProvider provider) => Provider = provider;

    protected PasteApiFactory Factory { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    /// <summary>The store of this run of the fixture's server.</summary>
    protected StorageProvider Provider { get; }

    /// <summary>The server's address, as PASTE_URL gives it to every run unless a test says otherwise.</summary>
    protected string ServerUrl => Http.BaseAddress!.ToString();

    /// <summary>Configuration overrides for this fixture's application.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Starts what <see cref="Settings"/> depends on, such as a receiver whose port the server must be told.</summary>
    protected virtual Task BeforeServerStartsAsync() => Task.CompletedTask;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        await BeforeServerStartsAsync();
        Factory = new PasteApiFactory(Settings, useKestrel: true, provider: Provider);
        Http = Factory.CreatePasteClient();
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        Http.Dispose();
        await Factory.DisposeAsync();
    }

    /// <summary>A config directory of the test's own, empty.</summary>
    protected string NewConfigDirectory() => Path.Combine(Factory.Database.DirectoryPath, "config-" + Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Runs <c>paste</c> with <paramref name="args"/>, <paramref name="input"/> on standard input, PASTE_URL set to the
    /// server and the variables in <paramref name="environment"/> (a null value unsets one).
    /// </summary>
    protected async Task<CliResult> PasteAsync(
        string[] args,
        byte[]? input = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? configDirectory = null,
        bool errorIsTerminal = false,
        CancellationToken cancellationToken = default)
    {
        var variables = new Dictionary<string, string?> { ["PASTE_URL"] = ServerUrl };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        using var output = new MemoryStream();
        await using var error = new StringWriter();
        var console = new CliConsole(
            new MemoryStream(input ?? [], writable: false),
            false,
            output,
            error,
            errorIsTerminal,
            name => variables.GetValueOrDefault(name),
            configDirectory ?? NewConfigDirectory());

        var exitCode = await PasteCommandLine.RunAsync(args, console, cancellationToken);
        return new CliResult(exitCode, output.ToArray(), error.ToString());
    }

    /// <summary>Registers a client on the server, as the operator's <c>clients add</c> does; returns its key id and secret (null for a public key).</summary>
    protected async Task<(string KeyId, string? Secret)> AddClientAsync(string name, string? publicKey = null)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new AddClientCommand(name, publicKey));
        return (added.KeyId, added.Secret);
    }
}
