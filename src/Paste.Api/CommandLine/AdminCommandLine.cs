using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mediator;
using Paste.Api.Hosting;
using Paste.Application;
using Paste.Application.Clients;
using Paste.Application.Maintenance;
using Paste.Application.ServerFunctions;
using Paste.Application.Webhooks;
using Paste.Infrastructure;

namespace Paste.Api.CommandLine;

/// <summary>
/// Operator commands, run by the same executable against the same configured database: <c>webhooks status|retry-dead</c>,
/// <c>clients add|list|revoke|purge|server-key</c>, <c>backup</c>, <c>restore</c>, <c>check</c> and <c>copy-to-postgresql</c>; and
/// <c>health</c>, which asks a running service over HTTP. Output is JSON on stdout (one line of text for <c>check</c>, one line
/// of JSON for <c>copy-to-postgresql</c>); failures exit non-zero with the reason on stderr.
/// </summary>
public static class AdminCommandLine
{
    private static readonly string[] CommandNames = ["webhooks", "clients", "backup", "restore", "check", "copy-to-postgresql", "health"];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,

        // Keys are base64: a '+' must come out as '+', not \u002B, for an operator who copies it.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>For a summary a script or a log reads as one line.</summary>
    private static readonly JsonSerializerOptions OneLineJson = new(Json) { WriteIndented = false };

    private static readonly string[] HelpSwitches = ["--help", "-h", "-?"];

    /// <summary>
    /// True when <paramref name="args"/> name a command, ask for help, or start with a bare word that is no command: a
    /// mistyped command must not start a second service. Arguments for the service itself (<c>--urls URL</c>,
    /// <c>--Paste:Key=value</c>, <c>/key value</c>, <c>key=value</c>) are left to it.
    /// </summary>
    public static bool Handles(string[] args) =>
        args.Length > 0 && (IsCommand(args[0]) || IsHelpSwitch(args[0]) || IsBareWord(args[0]));

    public static async Task<int> RunAsync(string[] args)
    {
        if (IsCommand(args[0]))
        {
            return await Root().Parse(args).InvokeAsync();
        }

        if (!IsHelpSwitch(args[0]))
        {
            await Console.Error.WriteLineAsync($"error: '{args[0]}' is not a command; without a command, the service runs.");
        }

        // Usage on stderr and exit code 2, as for any other command line the executable refuses.
        await Root().Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = Console.Error });
        return 2;
    }

    private static bool IsCommand(string argument) => CommandNames.Contains(argument, StringComparer.Ordinal);

    private static bool IsHelpSwitch(string argument) => HelpSwitches.Contains(argument, StringComparer.Ordinal);

    private static bool IsBareWord(string argument) =>
        argument.Length > 0 && argument[0] is not ('-' or '/') && !argument.Contains('=', StringComparison.Ordinal);

    private static RootCommand Root()
    {
        var status = new Command("status", "List webhook deliveries that are pending or dead.");
        status.SetAction((_, cancellationToken) => RunWithSenderAsync(async sender =>
            await sender.Send(new GetWebhookDeliveriesQuery(), cancellationToken)));

        var retryDead = new Command("retry-dead", "Queue every dead webhook delivery again with a fresh set of attempts.");
        retryDead.SetAction((_, cancellationToken) => RunWithSenderAsync(async sender =>
            new { Requeued = await sender.Send(new RetryDeadWebhooksCommand(), cancellationToken) }));

        var webhooks = new Command("webhooks", "Inspect and retry webhook deliveries.") { status, retryDead };
        var root = new RootCommand("Paste administration. Without a command, the service runs.") { webhooks, ClientsCommand() };
        foreach (var command in StoreCommands())
        {
            root.Add(command);
        }

        root.Add(HealthCommand());
        return root;
    }

    private static Command ClientsCommand()
    {
        var name = new Argument<string?>("name") { Description = "A label for operators, e.g. the team or script; the key id when left out.", Arity = ArgumentArity.ZeroOrOne };
        var publicKey = new Option<string?>("--public-key") { Description = "Base64 of the client's raw 32-byte Ed25519 public key, for signed requests." };
        var boxKey = new Option<string?>("--box-key") { Description = "Base64 of the client's raw 32-byte X25519 public key, for sealed calls to /v1." };
        var add = new Command("add", "Register a client. Prints its key id, and its secret this once; without a key a shared HMAC secret is generated.") { name, publicKey, boxKey };
        add.SetAction((parse, cancellationToken) => RunWithSenderAsync(async sender =>
        {
            var added = await sender.Send(new AddClientCommand(parse.GetValue(name), parse.GetValue(publicKey), parse.GetValue(boxKey)), cancellationToken);
            return added switch
            {
                { Secret: null } => (object)new { added.KeyId },
                { ServerPublicKey: null } => new { added.KeyId, added.Secret },
                _ => added,
            };
        }));

        var list = new Command("list", "List registered clients (never their secrets).");
        list.SetAction((_, cancellationToken) => RunWithSenderAsync(async sender => await sender.Send(new ListClientsQuery(), cancellationToken)));

        var keyId = new Argument<string>("key_id");
        var revoke = new Command("revoke", "Revoke a client: its signatures and sealed calls are refused from the next request on.") { keyId };
        revoke.SetAction((parse, cancellationToken) => RunWithSenderAsync(async sender =>
        {
            var id = parse.GetValue(keyId)!;
            await sender.Send(new RevokeClientCommand(id), cancellationToken);
            return new { KeyId = id, Revoked = true };
        }));

        var yes = new Option<bool>("--yes") { Description = "Confirm deleting every client." };
        var purge = new Command("purge", "Delete every registered client.") { yes };
        purge.SetAction((parse, cancellationToken) => parse.GetValue(yes)
            ? RunWithSenderAsync(async sender => new { Purged = await sender.Send(new PurgeClientsCommand(), cancellationToken) })
            : Fail("purge deletes every client; run it again with --yes to confirm"));

        var serverKey = new Command("server-key", "Print the server's box public key, which /v1 clients seal their calls to.");
        serverKey.SetAction((_, cancellationToken) => RunWithSenderAsync(async sender =>
            new { ServerPublicKey = await sender.Send(new GetServerBoxKeyQuery(), cancellationToken) }));

        return new Command("clients", "Register, list and revoke API clients that sign their requests or make sealed calls to /v1.") { add, list, revoke, purge, serverKey };
    }

    /// <summary>
    /// Backup, restore, check and the copy to PostgreSQL work on the SQLite database as it is: none of them creates or
    /// migrates one (the copy migrates only its PostgreSQL target).
    /// </summary>
    private static IEnumerable<Command> StoreCommands()
    {
        var backupFile = new Argument<string>("file") { Description = "Where to write the backup; replaced only once the new one is complete." };
        var backup = new Command("backup", "Copy the database and its keys into one file while the service runs and takes writes.") { backupFile };
        backup.SetAction((parse, cancellationToken) => RunWithSenderAsync(
            async sender => await sender.Send(new BackupStoreCommand(parse.GetValue(backupFile)!), cancellationToken), prepareStorage: false));
        yield return backup;

        var restoreFile = new Argument<string>("file") { Description = "A file written by the backup command." };
        var replace = new Option<bool>("--replace") { Description = "Overwrite the database that is there now." };
        var restore = new Command("restore", "Put a backup in place of the configured database; the service must be stopped.") { restoreFile, replace };
        restore.SetAction((parse, cancellationToken) => RunWithSenderAsync(
            async sender => await sender.Send(new RestoreStoreCommand(parse.GetValue(restoreFile)!, parse.GetValue(replace)), cancellationToken),
            prepareStorage: false));
        yield return restore;

        var check = new Command("check", "Run SQLite's integrity check on the database; prints one line, exits 1 when it fails.");
        check.SetAction((_, cancellationToken) => RunWithHostAsync(
            async sender =>
            {
                var result = await sender.Send(new CheckStoreQuery(), cancellationToken);
                if (result.Problem is not null)
                {
                    return await Fail($"{result.Store.Path}: {result.Problem}");
                }

                await Console.Out.WriteLineAsync(
                    $"ok: {result.Store.Path}: integrity check passed, pastes: {result.Store.Pastes}, bytes: {result.Store.Bytes}");
                return 0;
            },
            prepareStorage: false));
        yield return check;

        var target = new Argument<string>("connection-string")
        {
            Description = "The PostgreSQL database to copy to, e.g. \"Host=db;Database=paste;Username=paste;Password=...\"; it is migrated, and must hold no pastes yet.",
        };
        var copy = new Command(
            "copy-to-postgresql",
            "Copy the configured SQLite database into a new PostgreSQL database, to switch the service to Paste:Storage:Provider=PostgreSql: "
            + "pastes with their content, API clients, webhook deliveries not delivered yet and idempotency keys, in one transaction, "
            + "counted again before it commits. Stop the service first: the SQLite database is locked for this command alone. "
            + "Keep the key directory (webhook key, box key, client key ring) for the service on PostgreSQL. "
            + "Prints one line of JSON with what was copied.")
        {
            target,
        };
        copy.SetAction((parse, cancellationToken) => RunWithHostAsync(
            async sender =>
            {
                var copied = await sender.Send(new CopyStoreToPostgreSqlCommand(parse.GetValue(target)!), cancellationToken);
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(copied, OneLineJson));
                return 0;
            },
            prepareStorage: false));
        yield return copy;
    }

    /// <summary>
    /// For a container's health check, where the image has no curl: asks a running service's <c>/health</c>, prints its
    /// answer and exits 0 only for 200. No host is built and no database opened, so it costs a process start and one request.
    /// Without a URL it asks the address the service listens on by the same settings (<see cref="LocalHealthAddress"/>),
    /// so that a container started with another <c>ASPNETCORE_URLS</c> is still checked where it listens.
    /// </summary>
    private static Command HealthCommand()
    {
        var url = new Argument<string?>("url")
        {
            Description = "The service's health address, e.g. http://127.0.0.1:5000/health; by default the /health of ASPNETCORE_URLS's first address.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var health = new Command("health", "Ask a running service's health endpoint; exits 0 when it answers 200, 1 otherwise.") { url };
        health.SetAction(async (parse, cancellationToken) =>
        {
            var given = parse.GetValue(url) ?? LocalHealthAddress(new ConfigurationBuilder().AddEnvironmentVariables("ASPNETCORE_").Build());
            if (!Uri.TryCreate(given, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            {
                return await Fail($"'{given}' is not an absolute http or https URL, such as http://127.0.0.1:5000/health");
            }

            try
            {
                using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                using var response = await client.GetAsync(address, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != System.Net.HttpStatusCode.OK)
                {
                    return await Fail($"{address} answered {(int)response.StatusCode}: {body}");
                }

                await Console.Out.WriteLineAsync(body);
                return 0;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                return await Fail($"{address}: {exception.Message}");
            }
        });
        return health;
    }

    /// <summary>
    /// The <c>/health</c> of the first address the service binds by <c>ASPNETCORE_URLS</c> (<c>URLS</c> of
    /// <paramref name="configuration"/>), else by <c>ASPNETCORE_HTTP_PORTS</c>, else Kestrel's default
    /// <c>http://localhost:5000</c>. An address on every interface (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) is
    /// asked on loopback.
    /// </summary>
    private static string LocalHealthAddress(IConfiguration configuration)
    {
        var first = FirstOf(configuration["URLS"])
            ?? (FirstOf(configuration["HTTP_PORTS"]) is { } port ? $"http://*:{port}" : "http://localhost:5000");
        BindingAddress binding;
        try
        {
            binding = BindingAddress.Parse(first);
        }
        catch (FormatException)
        {
            return first;
        }

        var host = binding.Host switch
        {
            "+" or "*" or "0.0.0.0" => "127.0.0.1",
            "[::]" => "[::1]",
            var named => named,
        };
        return $"{binding.Scheme}://{host}:{binding.Port}/health";

        static string? FirstOf(string? list) =>
            list?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
    }

    private static async Task<int> Fail(string reason)
    {
        await Console.Error.WriteLineAsync($"error: {reason}");
        return 1;
    }

    /// <summary>Runs a command through the use cases and prints its result as JSON.</summary>
    private static Task<int> RunWithSenderAsync<T>(Func<ISender, Task<T>> command, bool prepareStorage = true) =>
        RunWithHostAsync(
            async sender =>
            {
                var result = await command(sender);
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(result, Json));
                return 0;
            },
            prepareStorage);

    private static async Task<int> RunWithHostAsync(Func<ISender, Task<int>> command, bool prepareStorage)
    {
        try
        {
            // A host of its own: the use cases and their storage, none of the web API (no Kestrel, controllers,
            // Swagger, authentication or rate limiter), and no background service is started.
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                ContentRootPath = AppContext.BaseDirectory,
                // The service's environment, so that both read the same appsettings.{Environment}.json; as for the web
                // host, ASPNETCORE_ENVIRONMENT wins over DOTNET_ENVIRONMENT.
                EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"),
            });
            builder.Configuration.AddFlaskPasteVariables();
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
            builder.Services.AddApplication(builder.Configuration).AddInfrastructure(builder.Configuration);

            using var host = builder.Build();
            if (!(prepareStorage ? await StartupChecks.PassAsync(host.Services, asService: false) : StartupChecks.ConfigurationIsValid(host.Services)))
            {
                return 1;
            }

            await using var scope = host.Services.CreateAsyncScope();
            return await command(scope.ServiceProvider.GetRequiredService<ISender>());
        }
        catch (FluentValidation.ValidationException exception)
        {
            return await Fail(exception.Errors.FirstOrDefault()?.ErrorMessage ?? exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return await Fail(exception.Message);
        }
    }
}
