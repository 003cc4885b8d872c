using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Live;

/// <summary>A server of its own, so metric deltas come only from the test that reads them.</summary>
public sealed class MetricsServer : OpenServer
{
    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["FLUX_ACTIVE_PUBLISHER_WINDOW_SECONDS"] = "3" };
}
