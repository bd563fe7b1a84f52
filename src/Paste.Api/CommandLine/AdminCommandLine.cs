using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mediator;
using Paste.Application;
using Paste.Application.Webhooks;
using Paste.Infrastructure;

namespace Paste.Api.CommandLine;

/// <summary>
/// Operator commands, run by the same executable against the same configured database:
/// <c>webhooks status</c> and <c>webhooks retry-dead</c>. Output is JSON on stdout; failures exit non-zero with the reason on stderr.
/// </summary>
public static class AdminCommandLine
{
    private static readonly string[] CommandNames = ["webhooks"];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };

    public static bool Handles(string[] args) => args.Length > 0 && CommandNames.Contains(args[0], StringComparer.Ordinal);

    public static Task<int> RunAsync(string[] args)
    {
        var status = new Command("status", "List webhook deliveries that are pending or dead.");
        status.SetAction((_, cancellationToken) => RunWithSenderAsync(async sender =>
            await sender.Send(new GetWebhookDeliveriesQuery(), cancellationToken)));

        var retryDead = new Command("retry-dead", "Queue every dead webhook delivery again with a fresh set of attempts.");
        retryDead.SetAction((_, cancellationToken) => RunWithSenderAsync(async sender =>
            new { Requeued = await sender.Send(new RetryDeadWebhooksCommand(), cancellationToken) }));

        var webhooks = new Command("webhooks", "Inspect and retry webhook deliveries.") { status, retryDead };
        var root = new RootCommand("Paste administration. Without a command, the service runs.") { webhooks };
        return root.Parse(args).InvokeAsync();
    }

    private static async Task<int> RunWithSenderAsync<T>(Func<ISender, Task<T>> command)
    {
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddApplication(builder.Configuration).AddInfrastructure(builder.Configuration).AddApi();

            await using var app = builder.Build();
            if (!ConfigurationCheck.Passes(app.Services))
            {
                return 1;
            }

            if (!await ConfigurationCheck.StorageIsReadyAsync(app.Services))
            {
                return 1;
            }

            await using var scope = app.Services.CreateAsyncScope();
            var result = await command(scope.ServiceProvider.GetRequiredService<ISender>());
            Console.Out.WriteLine(JsonSerializer.Serialize(result, Json));
            return 0;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}");
            return 1;
        }
    }
}
