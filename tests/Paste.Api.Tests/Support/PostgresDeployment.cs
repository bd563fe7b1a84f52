using Npgsql;

namespace Paste.Api.Tests.Support;

/// <summary>
/// The service deployed as several instances: one fresh database on the tests' PostgreSQL server and one key
/// directory (webhook signing key, client key ring, box key), both shared by every instance started from it, as the
/// built Paste.Api.dll run by <see cref="PasteExecutable"/>. Disposing kills the instances still running, drops the
/// database and removes the key directory.
/// </summary>
public sealed class PostgresDeployment : IAsyncDisposable
{
    private readonly List<PasteInstance> instances = [];

    // Only for its directory and the key paths that PasteExecutable derives from it: its SQLite file is never used.
    private readonly TestDatabase keys;

    private PostgresDeployment(TestDatabase keys, string connectionString)
    {
        this.keys = keys;
        ConnectionString = connectionString;
    }

    /// <summary>The database every instance shares.</summary>
    public string ConnectionString { get; }

    /// <summary>A fresh database; fails with what to install when PostgreSQL's server binaries are missing.</summary>
    public static async Task<PostgresDeployment> CreateAsync()
    {
        string connectionString;
        try
        {
            connectionString = await PostgresServer.Shared.CreateDatabaseAsync();
        }
        catch (InvalidOperationException exception)
        {
            Assert.Fail($"These tests need a PostgreSQL server of their own (apt-get install postgresql): {exception.Message}");
            throw;
        }

        return new PostgresDeployment(new TestDatabase(), connectionString);
    }

    /// <summary>Registers a shared-secret client with the operator command, as an operator does before the first start.</summary>
    public async Task<SigningKey> AddClientAsync(string name)
    {
        var added = (await PasteExecutable.RunAsync(keys, ["clients", "add", name], Settings())).Json();
        return SigningKey.Hmac(added.GetProperty("key_id").GetString()!, added.GetProperty("secret").GetString()!);
    }

    /// <summary>Starts an instance on a free port of 127.0.0.1 with <paramref name="settings"/>; does not wait for it.</summary>
    public PasteInstance Start(string name, IReadOnlyDictionary<string, string?>? settings = null)
    {
        int port;
        do
        {
            port = LoopbackPort.Free();
        }
        while (instances.Any(instance => instance.Port == port));

        var instance = new PasteInstance(name, port, PasteExecutable.StartService(keys, port, Settings(settings)));
        instances.Add(instance);
        return instance;
    }

    /// <summary>Starts instances together (they migrate the fresh database one at a time) and waits until each is healthy.</summary>
    public async Task<IReadOnlyList<PasteInstance>> StartHealthyAsync(IReadOnlyList<string> names, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var started = names.Select(name => Start(name, settings)).ToList();
        await Task.WhenAll(started.Select(instance => instance.WaitUntilHealthyAsync()));
        return started;
    }

    /// <summary>Runs one query on the shared database and returns the first column of the first row.</summary>
    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }

        await PostgresServer.Shared.DropDatabaseAsync(ConnectionString);
        keys.Dispose();
    }

    /// <summary>PostgreSQL on the shared database, with <paramref name="settings"/> on top.</summary>
    private Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Paste:Storage:Provider"] = "PostgreSql",
            ["ConnectionStrings:Paste"] = ConnectionString,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }
}
