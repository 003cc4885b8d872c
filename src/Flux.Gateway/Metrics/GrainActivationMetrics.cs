using System.Diagnostics.Metrics;

namespace Flux.Gateway.Metrics;

/// <summary>
/// Orleans' own catalog instruments (meter <c>Microsoft.Orleans</c>), read for <c>/metrics</c>: resident
/// activations, and activations created and destroyed since start. Zero where no silo runs in the process.
/// </summary>
public sealed class GrainActivationMetrics : IDisposable
{
    private const string OrleansMeter = "Microsoft.Orleans";
    private const string Resident = "orleans-catalog-activations";
    private const string Created = "orleans-catalog-activation-created";
    private const string Destroyed = "orleans-catalog-activation-destroyed";

    private readonly MeterListener _listener = new();
    private readonly object _gate = new();
    private long _resident;
    private long _created;
    private long _destroyed;

    public GrainActivationMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OrleansMeter && instrument.Name is Resident or Created or Destroyed)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.Start();
    }

    /// <summary>The current figures: resident activations, activations and deactivations since start.</summary>
    public (long Resident, long Created, long Destroyed) Read()
    {
        lock (_gate)
        {
            _resident = 0;
            _listener.RecordObservableInstruments(); // the resident gauge reports per grain type: sum them afresh
            return (_resident, _created, _destroyed);
        }
    }

    private void Record(string instrument, long value)
    {
        switch (instrument)
        {
            case Resident:
                lock (_gate)
                    _resident += value;
                break;
            case Created:
                Interlocked.Add(ref _created, value);
                break;
            case Destroyed:
                Interlocked.Add(ref _destroyed, value);
                break;
        }
    }

    public void Dispose() => _listener.Dispose();
}
