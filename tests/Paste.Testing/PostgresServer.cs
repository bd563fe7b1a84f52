using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Npgsql;

namespace Paste.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for one test process, started from Debian's binaries on first use and stopped when
/// the process ends. Tests take a database of their own from it with <see cref="CreateDatabaseAsync"/>, so fixtures
/// running side by side never see each other's tables, and nothing depends on a system service or a shared server.
/// </summary>
public sealed class PostgresServer
{
    /// <summary>The role initdb creates as the cluster's superuser; trust authentication, so no password.</summary>
    public const string UserName = "paste";

    private const string BinariesRoot = "/usr/lib/postgresql";

    private static readonly Lazy<PostgresServer> SharedServer = new(() => Start(durable: false), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<PostgresServer> DurableServer = new(() => Start(durable: true), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string rootDirectory;
    private readonly string dataDirectory;
    private readonly string pgCtl;
    private readonly string? runAs;
    private int stopped;

    private PostgresServer(string rootDirectory, string pgCtl, string? runAs, int port)
    {
        this.rootDirectory = rootDirectory;
        dataDirectory = Path.Combine(rootDirectory, "data");
        this.pgCtl = pgCtl;
        this.runAs = runAs;
        Port = port;
        AdminConnectionString = ConnectionStringFor("postgres");
    }

    /// <summary>
    /// The cluster of this test process, started by the first caller; every later caller (on any thread) gets the same
    /// one. A failure to start is remembered, so each test fails fast with the same message instead of retrying initdb.
    /// </summary>
    public static PostgresServer Shared => SharedServer.Value;

    /// <summary>
    /// A cluster like <see cref="Shared"/> but with PostgreSQL's default durability (fsync and synchronous commit on),
    /// for the benchmark, whose figures must be those of a server that keeps what it acknowledges.
    /// </summary>
    public static PostgresServer Durable => DurableServer.Value;

    /// <summary>The port of 127.0.0.1 the cluster listens on; it listens on nothing else but its socket directory.</summary>
    public int Port { get; }

    /// <summary>The superuser on the <c>postgres</c> database, for creating and dropping the tests' databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Where the cluster writes its log: the first place to look when a test against it fails oddly.</summary>
    public string LogPath => Path.Combine(rootDirectory, "postgres.log");

    /// <summary>Creates an empty database that no other test uses and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "paste_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAdminAsync($"CREATE DATABASE {QuoteIdentifier(name)}");
        return ConnectionStringFor(name);
    }

    /// <summary>
    /// Drops the database of <paramref name="connectionString"/>, closing the connections still open on it (pooled ones
    /// included: their pool is cleared first, so it hands out no connection to a database that is gone).
    /// </summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (string.IsNullOrEmpty(database))
        {
            throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        }

        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {QuoteIdentifier(database)} WITH (FORCE)");
    }

    private string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = Port,
            Username = UserName,
            Database = database,
        }.ConnectionString;

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static PostgresServer Start(bool durable)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The PostgreSQL test server runs Debian's PostgreSQL binaries.");
        }

        var (initdb, pgCtl) = FindBinaries();

        // PostgreSQL refuses to run as root (a container's default user): the cluster then belongs to an unprivileged
        // account, which must own its directory.
        var runAs = GetEffectiveUserId() == 0 ? UnprivilegedUser() : null;
        var rootDirectory = Path.Combine(Path.GetTempPath(), "paste-postgres-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(rootDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            if (runAs is not null)
            {
                Check(Run("chown", [$"{runAs}:", rootDirectory], rootDirectory, TimeSpan.FromSeconds(30)), $"chown of {rootDirectory} to {runAs}");
            }

            var dataDirectory = Path.Combine(rootDirectory, "data");
            // --no-sync: a test cluster lives as long as one test process and has nothing to lose in a crash.
            string[] initdbArguments = ["-D", dataDirectory, "-A", "trust", "-U", UserName, "-E", "UTF8", "--locale=C", .. durable ? Array.Empty<string>() : ["--no-sync"]];
            Check(RunAs(runAs, initdb, initdbArguments, rootDirectory, TimeSpan.FromMinutes(2)), "initdb");
            File.AppendAllText(Path.Combine(dataDirectory, "postgresql.conf"), Settings(rootDirectory, durable));

            return StartOnFreePort(rootDirectory, pgCtl, runAs);
        }
        catch
        {
            TryDelete(rootDirectory);
            throw;
        }
    }

    /// <summary>
    /// The settings appended to the cluster's postgresql.conf. Durability is switched off (unless
    /// <paramref name="durable"/>) because a test cluster is thrown away with its process; only loopback TCP and a socket
    /// in the cluster's own directory, so that it neither listens on the network nor collides with a system cluster's
    /// socket in /var/run/postgresql.
    /// </summary>
    private static string Settings(string rootDirectory, bool durable) =>
        $"""

        # Added by the tests' PostgresServer.
        listen_addresses = '127.0.0.1'
        unix_socket_directories = '{rootDirectory.Replace("'", "''", StringComparison.Ordinal)}'
        max_connections = 400
        logging_collector = off
        {(durable ? "" : "fsync = off\nsynchronous_commit = off\nfull_page_writes = off")}

        """;

    /// <summary>
    /// Starts the cluster on a port the operating system just handed out. Another process may take that port before the
    /// cluster binds it; the cluster then fails to start and is started again on another one.
    /// </summary>
    private static PostgresServer StartOnFreePort(string rootDirectory, string pgCtl, string? runAs)
    {
        const int attempts = 5;
        var logPath = Path.Combine(rootDirectory, "postgres.log");
        var dataDirectory = Path.Combine(rootDirectory, "data");
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPort.Free();
            var started = RunAs(
                runAs,
                pgCtl,
                ["start", "-w", "-t", "60", "-D", dataDirectory, "-l", logPath, "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)}"],
                rootDirectory,
                TimeSpan.FromSeconds(90));
            if (started.ExitCode == 0)
            {
                var server = new PostgresServer(rootDirectory, pgCtl, runAs, port);
                server.WatchForProcessEnd();
                return server;
            }

            // pg_ctl -w gave up waiting, but a postmaster may still be coming up: it must not outlive the attempt.
            RunAs(runAs, pgCtl, ["stop", "-D", dataDirectory, "-m", "immediate", "-w", "-t", "10"], rootDirectory, TimeSpan.FromSeconds(20));
            if (attempt == attempts)
            {
                Check(started, $"pg_ctl start (attempt {attempt} of {attempts}); server log:{Environment.NewLine}{ReadLog(logPath)}");
            }
        }
    }

    /// <summary>
    /// Stops the cluster when this process ends: from <see cref="AppDomain.ProcessExit"/> when it ends normally, and
    /// from a detached watcher when it does not (a test host killed at a timeout runs no exit handler), so that no
    /// postmaster and no data directory outlive the test run either way.
    /// </summary>
    private void WatchForProcessEnd()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();

        // setsid -f: the watcher leaves this process's tree at once, so a kill of the test host's tree spares it. It polls
        // for this process every second, then stops the cluster and removes its directory.
        const string watcher = """
            exec </dev/null >/dev/null 2>&1
            while kill -0 "$1"; do sleep 1; done
            directory=$2
            shift 2
            "$@"
            rm -rf -- "$directory"
            """;
        var arguments = new List<string> { "-f", "/bin/sh", "-c", watcher, "paste-postgres-watcher", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), rootDirectory };
        arguments.AddRange(Command(runAs, pgCtl, StopArguments()));
        Check(Run("setsid", arguments, rootDirectory, TimeSpan.FromSeconds(10)), "setsid (the cluster's watcher)");
    }

    /// <summary>
    /// Stops the cluster at once (no checkpoint: nothing in it is kept) and removes its directory. Bounded, so that a
    /// cluster that does not answer cannot hang the test host at its exit: its postmaster is then killed.
    /// </summary>
    private void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        var result = RunAs(runAs, pgCtl, StopArguments(), rootDirectory, TimeSpan.FromSeconds(15));
        if (result.ExitCode != 0)
        {
            KillPostmaster();
        }

        TryDelete(rootDirectory);
    }

    private string[] StopArguments() => ["stop", "-D", dataDirectory, "-m", "immediate", "-w", "-t", "10"];

    /// <summary>Kills this cluster's postmaster, found by the PID in its own data directory, and no other process.</summary>
    private void KillPostmaster()
    {
        try
        {
            var firstLine = File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).FirstOrDefault();
            if (int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                using var postmaster = Process.GetProcessById(pid);
                postmaster.Kill();
                postmaster.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // No PID file or no such process: there is nothing left to kill.
        }
    }

    /// <summary>Debian's binaries of the highest installed major version, else initdb and pg_ctl found on PATH.</summary>
    private static (string Initdb, string PgCtl) FindBinaries()
    {
        var versioned = Directory.Exists(BinariesRoot)
            ? Directory.EnumerateDirectories(BinariesRoot)
                .Select(directory => (Directory: Path.Combine(directory, "bin"), Version: Version.TryParse(AsVersion(Path.GetFileName(directory)), out var version) ? version : null))
                .Where(candidate => candidate.Version is not null && HasBinaries(candidate.Directory))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Directory)
                .FirstOrDefault()
            : null;
        var directory = versioned
            ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(HasBinaries);
        if (directory is null)
        {
            throw new InvalidOperationException(
                $"PostgreSQL's initdb and pg_ctl were found neither in {BinariesRoot}/<version>/bin nor on PATH. "
                + "The PostgreSQL tests start a server of their own from Debian's postgresql package: apt-get install postgresql");
        }

        return (Path.Combine(directory, "initdb"), Path.Combine(directory, "pg_ctl"));

        static bool HasBinaries(string directory) => File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

        // Debian names the directories by major version: "15", "16", or "9.6" for the old ones.
        static string AsVersion(string name) => name.Contains('.', StringComparison.Ordinal) ? name : name + ".0";
    }

    /// <summary>The account a root process runs the cluster as: <c>postgres</c> when the system has one, else <c>nobody</c>.</summary>
    private static string UnprivilegedUser() =>
        Run("id", ["-u", "postgres"], Path.GetTempPath(), TimeSpan.FromSeconds(10)).ExitCode == 0 ? "postgres" : "nobody";

    private static ProcessResult RunAs(string? user, string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var command = Command(user, fileName, arguments);
        return Run(command[0], command.Skip(1).ToList(), workingDirectory, timeout);
    }

    /// <summary>The command line that runs <paramref name="fileName"/> as <paramref name="user"/>, or as this process when null.</summary>
    private static List<string> Command(string? user, string fileName, IReadOnlyList<string> arguments) =>
        user is null ? [fileName, .. arguments] : ["runuser", "-u", user, "--", fileName, .. arguments];

    /// <summary>
    /// Runs a command to its end within <paramref name="timeout"/>, else kills it. Its output is read only for a short
    /// while after it exits: a daemon it left behind holding the pipes must not block the caller.
    /// </summary>
    private static ProcessResult Run(string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server's account may not be allowed into the test host's working directory.
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var description = $"{fileName} {string.Join(' ', arguments)}";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {description}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(5));
            return new ProcessResult(description, -1, $"did not finish within {timeout.TotalSeconds:0} s");
        }

        Task.WaitAll([output, error], TimeSpan.FromSeconds(5));
        var printed = (output.IsCompletedSuccessfully ? output.Result : "") + (error.IsCompletedSuccessfully ? error.Result : "");
        return new ProcessResult(description, process.ExitCode, printed);
    }

    private static void Check(ProcessResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL test server could not be set up: {what} failed with exit code {result.ExitCode}.{Environment.NewLine}"
                + $"{result.Description}{Environment.NewLine}{result.Output}");
        }
    }

    private static string ReadLog(string logPath)
    {
        try
        {
            return File.ReadAllText(logPath);
        }
        catch (IOException exception)
        {
            return $"(unreadable: {exception.Message})";
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Under the temp folder; a leftover must not fail the test run.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    private sealed record ProcessResult(string Description, int ExitCode, string Output);
}
