using System.Diagnostics.Metrics;
using Mediator;
using Paste.Application.Common;
using Paste.Application.Pastes;
using Prometheus;

namespace Paste.Api.Metrics;

/// <summary>
/// What <c>/metrics</c> publishes, in a registry of this application's own: the use cases' counters, the framework's
/// request durations and rate-limit refusals (its own meters), the runtime's figures, and what is stored, read from
/// the database at each scrape.
/// </summary>
public sealed class PrometheusRegistry : IDisposable
{
    private static readonly string[] FrameworkMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.RateLimiting"];

    private readonly IDisposable meterAdapter;

    public PrometheusRegistry(PasteMetrics pasteMetrics, IMeterFactory meterFactory, IServiceScopeFactory scopes)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);

        // Meters are process-wide; only this application's are published, which matters wherever two run in one process.
        meterAdapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            // Both: the factory decides where the metrics go, and its default is the process-wide registry.
            Registry = Registry,
            MetricFactory = factory,
            InstrumentFilterPredicate = instrument => instrument.Meter == pasteMetrics.Meter
                || (instrument.Meter.Scope == meterFactory && FrameworkMeters.Contains(instrument.Meter.Name)),
        });

        var pastes = factory.CreateGauge("paste_stored_pastes", "Pastes stored, expired ones the sweep has not deleted yet included.");
        var bytes = factory.CreateGauge("paste_stored_bytes", "Content bytes of the pastes stored.");
        Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var totals = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetStoredTotalsQuery(), cancellationToken);
            pastes.Set(totals.Pastes);
            bytes.Set(totals.Bytes);
        });
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => meterAdapter.Dispose();
}
