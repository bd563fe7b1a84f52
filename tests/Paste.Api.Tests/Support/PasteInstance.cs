namespace Paste.Api.Tests.Support;

/// <summary>
/// One service process, on its own port of 127.0.0.1, with a client that talks to it directly: alone, or one of a
/// <see cref="PostgresDeployment"/>. Disposing kills the process if it is still running.
/// </summary>
public sealed class PasteInstance : IAsyncDisposable
{
    public PasteInstance(string name, int port, ExternalProcess process)
    {
        Name = name;
        Port = port;
        Process = process;
        Address = new Uri($"http://127.0.0.1:{port}");
        Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Starts the service as its own process on <paramref name="database"/> and a free port, and waits until it is healthy.</summary>
    public static async Task<PasteInstance> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = LoopbackPort.Free();
        var instance = new PasteInstance("service", port, PasteExecutable.StartService(database, port, settings));
        try
        {
            await instance.WaitUntilHealthyAsync();
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>The name the test gives it ("A", "B"), for assertion messages.</summary>
    public string Name { get; }

    public int Port { get; }

    public Uri Address { get; }

    public ExternalProcess Process { get; }

    /// <summary>Straight to this instance, without nginx.</summary>
    public HttpClient Client { get; }

    /// <summary>Waits until the instance answers GET /health; fails with its output if it exits first.</summary>
    public Task WaitUntilHealthyAsync() => PasteExecutable.WaitUntilHealthyAsync(Process, Client, Address);

    /// <summary>
    /// SIGKILL to the instance's process id, as the kernel's OOM killer or a power cut ends it: none of its shutdown code
    /// runs, its connections are reset and its leases stay in the database. Returns once the process is gone.
    /// </summary>
    public async Task KillAsync()
    {
        Process.Kill();
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    public override string ToString() => $"instance {Name} on port {Port}: {Process}";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
    }
}
