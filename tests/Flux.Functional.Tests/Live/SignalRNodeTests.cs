using System.Diagnostics;
using System.Text.Json;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Live;

/// <summary>
/// The SignalR hub from npm's <c>@microsoft/signalr</c> in node (signalr/watch.mjs): filters, order, and the client's
/// automatic reconnect when its gateway restarts, which closes the connection itself (telling the client why, best effort) rather than waiting for it to leave.
/// </summary>
[Trait("Suite", "conformance")]
public sealed class SignalRNodeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task a_node_client_gets_its_namespace_in_order_and_after_its_gateway_restarts_reconnects_and_gets_it_again()
    {
        await using var flux = await FluxUnderTest.StartAsync();
        var ns = Ids.Unique("nodehub");
        await using var node = await NodeWatcher.StartAsync(flux.BaseAddress, $$"""{"namespace":"{{ns}}"}""");
        await node.WaitForAsync(e => e.Event == "connected", "the node client to connect");

        for (var n = 0; n < 50; n++)
            await flux.Api.PublishOkAsync($"{ns}/pump", FluxApi.Props("n", n));
        await flux.Api.PublishOkAsync($"{ns}x/pump", FluxApi.Props("n", -1));
        var updates = await node.WaitForCountAsync(e => e.IsUpdateOf($"{ns}/pump"), 50, "every update of the pump");
        Assert.Equal(Enumerable.Range(0, 50), updates.Select(u => u.Message!.Value.GetProperty("value").GetInt32()));

        await flux.Server.RestartAsync(samePort: true);
        await node.WaitForAsync(e => e.Event == "reconnected", "the node client to reconnect");
        await flux.Api.PublishOkAsync($"{ns}/valve", FluxApi.Props("open", true));

        await node.WaitForAsync(e => e.IsUpdateOf($"{ns}/valve"), "an update after the restart");
        Assert.Empty(node.Events(e => e.Method == "StateUpdate" && !Msg.StartsWith(e.Message!.Value, $"{ns}/")));
        // The gateway closed the connection itself rather than waiting out its shutdown timeout (RestartAsync allows
        // 30 s); when its close message beat the socket's end, the client was told why.
        var reason = node.Events(e => e.Event == "reconnecting").Single().Error ?? "";
        Assert.True(reason.Contains("server shutting down", StringComparison.Ordinal) || reason.Contains("1006", StringComparison.Ordinal), reason);
    }

    private sealed record WatchEvent(string Event, string? Method, JsonElement? Message, string? Error)
    {
        public bool IsUpdateOf(string entityId) => Method == "StateUpdate" && Message is { } m && Msg.IsUpdateOf(m, entityId);
    }

    /// <summary>signalr/watch.mjs in a node process; its output lines, parsed.</summary>
    private sealed class NodeWatcher : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly List<WatchEvent> _events = [];
        private readonly List<string> _stderr = [];
        private readonly Lock _gate = new();

        private NodeWatcher(Process process) => _process = process;

        public static Task<NodeWatcher> StartAsync(Uri baseAddress, string filter)
        {
            const string Hint = "run `npm ci` in tests/Flux.Functional.Tests/signalr (scripts/test does)";
            if (!File.Exists(Repository.PathOf("tests/Flux.Functional.Tests/signalr/node_modules/@microsoft/signalr/package.json")))
                throw new InvalidOperationException($"the node SignalR client is not installed: {Hint}");
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Repository.PathOf("tests/Flux.Functional.Tests/signalr/watch.mjs"));
            start.ArgumentList.Add(baseAddress.ToString());
            start.ArgumentList.Add(filter);
            var watcher = new NodeWatcher(Process.Start(start)!);
            watcher._process.OutputDataReceived += (_, line) => watcher.Record(line.Data);
            watcher._process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) lock (watcher._gate) watcher._stderr.Add(text); };
            watcher._process.BeginOutputReadLine();
            watcher._process.BeginErrorReadLine();
            return Task.FromResult(watcher);
        }

        public List<WatchEvent> Events(Func<WatchEvent, bool>? match = null)
        {
            lock (_gate)
                return [.. _events.Where(e => match?.Invoke(e) ?? true)];
        }

        public async Task<WatchEvent> WaitForAsync(Func<WatchEvent, bool> match, string what) => (await WaitForCountAsync(match, 1, what))[0];

        public async Task<List<WatchEvent>> WaitForCountAsync(Func<WatchEvent, bool> match, int count, string what)
        {
            List<WatchEvent> found;
            try
            {
                found = await Eventually.HoldsAsync(() => Task.FromResult(Events(match)), f => f.Count >= count || _process.HasExited, Wait, what);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{what} did not happen within {Wait}: {Describe()}");
            }
            return found.Count >= count ? found : throw new InvalidOperationException($"node exited ({_process.ExitCode}) before {what}: {Describe()}");
        }

        private string Describe()
        {
            lock (_gate)
                return $"events: {string.Join(" | ", _events.Where(e => e.Event != "message").Select(e => $"{e.Event} {e.Error}"))}; "
                    + $"messages: {_events.Count(e => e.Event == "message")}; stderr: {string.Join(" | ", _stderr)}";
        }

        private void Record(string? line)
        {
            if (string.IsNullOrEmpty(line))
                return;
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var entry = new WatchEvent(root.GetProperty("event").GetString()!,
                root.TryGetProperty("method", out var method) ? method.GetString() : null,
                root.TryGetProperty("message", out var message) ? message.Clone() : null,
                root.TryGetProperty("error", out var error) ? error.GetString() : null);
            lock (_gate)
                _events.Add(entry);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
