using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Paste.Application.Common;
using Paste.Application.Webhooks;
using Paste.Domain.Pastes;
using Paste.Infrastructure.Expiry;
using Paste.Infrastructure.Persistence;
using Paste.Infrastructure.Webhooks;

namespace Paste.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Paste";

    public const string DefaultConnectionString = "Data Source=data/paste.db";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = DefaultConnectionString;
        }

        services.AddSingleton<SqliteConnectionSetup>();
        services.AddSingleton<SqliteWriteGate>();
        services.AddDbContext<PasteDbContext>((provider, options) => options
            .UseSqlite(connectionString)
            .AddInterceptors(provider.GetRequiredService<SqliteConnectionSetup>()));

        services.AddScoped<IPasteRepository, PasteRepository>();
        services.AddScoped<IDatabaseHealthProbe, DatabaseHealthProbe>();
        services.AddSingleton<IPasteIdGenerator, RandomPasteIdGenerator>();
        services.AddHostedService<ExpiredPasteSweeper>();

        services.AddScoped<IWebhookDeliveryStore, WebhookDeliveryStore>();
        services.AddSingleton<IWebhookSigner, Ed25519WebhookSigner>();
        services.AddSingleton<IWebhookSender, HttpWebhookSender>();
        services.AddHttpClient(HttpWebhookSender.ClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // Paste:Webhooks:Timeout applies instead
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A receiver's redirect could point anywhere, including inside our network: a redirect is a failure.
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<IWebhookDispatchSignal>(provider => provider.GetRequiredService<WebhookDispatcher>());
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDispatcher>());
        return services;
    }

    private sealed class RandomPasteIdGenerator : IPasteIdGenerator
    {
        public string NewId() => PasteId.NewId();
    }
}
