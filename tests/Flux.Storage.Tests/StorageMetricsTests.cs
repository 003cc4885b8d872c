using System.Diagnostics.Metrics;
using Flux.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static Flux.Storage.Tests.TestEvents;

namespace Flux.Storage.Tests;

public sealed class StorageMetricsTests
{
    [Fact]
    public async Task commits_report_their_duration_and_appended_events_without_duplicates()
    {
        using var directory = new TempDataDirectory();
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var appended = 0L;
        var durations = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "flux.storage.events.appended")
            {
                Interlocked.Add(ref appended, value);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (durations)
            {
                durations.Add(value);
            }
        });
        listener.Start();

        using (var storage = new EmbeddedStorage(directory.Path, meterFactory: factory))
        {
            await storage.Log.AppendAsync(Batch(Event("e1", "a"), Event("e2", "a")));
            await storage.Log.AppendAsync(Batch(Event("e2", "a"), Event("e3", "a")));
        }

        Assert.Equal(3, Interlocked.Read(ref appended));
        Assert.True(durations.Count >= 2);
        Assert.All(durations, d => Assert.InRange(d, 0, 10));
    }
}
