using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Flux.Functional.Tests.Client;

/// <summary>
/// A client of `/api/ws` (docs/api.md §10) over a real ClientWebSocket. A background loop reads
/// every frame and keeps the parsed messages in arrival order, so tests can wait for a message
/// (or a number of them) with a deadline and then inspect everything that arrived. A socket can
/// be opened without reading, with a tiny kernel receive buffer, to play a slow subscriber.
/// </summary>
public sealed class LiveSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker? _invoker;
    private readonly List<JsonElement> _messages = [];
    private readonly List<string> _notJson = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _receiving;

    private LiveSocket(ClientWebSocket socket, HttpMessageInvoker? invoker)
    {
        _socket = socket;
        _invoker = invoker;
    }

    public ClientWebSocket Socket => _socket;

    public bool Ended { get; private set; }

    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public string? EndReason { get; private set; }

    public int BinaryFrames { get; private set; }

    /// <summary>
    /// Opens a connection. With <paramref name="waitUntilLive"/> it returns only after the first
    /// metrics_update, i.e. once the server has certainly registered the connection for broadcasts.
    /// </summary>
    public static async Task<LiveSocket> ConnectAsync(Uri baseAddress, string query = "", int? receiveBufferBytes = null, bool startReading = true, bool waitUntilLive = true)
    {
        var uri = new Uri($"ws://{baseAddress.Authority}/api/ws{query}");
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        HttpMessageInvoker? invoker = null;
        if (receiveBufferBytes is int size)
        {
            invoker = new HttpMessageInvoker(new SocketsHttpHandler
            {
                ConnectCallback = async (context, token) =>
                {
                    var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = size };
                    await raw.ConnectAsync(context.DnsEndPoint, token);
                    return new NetworkStream(raw, ownsSocket: true);
                },
            });
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(uri, invoker, timeout.Token);
        var live = new LiveSocket(socket, invoker);
        if (startReading)
            live.StartReading();
        if (startReading && waitUntilLive)
            await live.WaitForAsync(m => Msg.Type(m) == "metrics_update", TimeSpan.FromSeconds(10), "the first metrics_update after connecting");
        return live;
    }

    public void StartReading() => _receiving ??= Task.Run(ReceiveLoopAsync);

    public int Count
    {
        get
        {
            lock (_gate)
                return _messages.Count;
        }
    }

    public IReadOnlyList<string> NotJson
    {
        get
        {
            lock (_gate)
                return [.. _notJson];
        }
    }

    public List<JsonElement> Messages(Func<JsonElement, bool>? match = null, int after = 0)
    {
        lock (_gate)
            return _messages.Skip(after).Where(m => match?.Invoke(m) ?? true).ToList();
    }

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBytesAsync(byte[] bytes, WebSocketMessageType type) =>
        _socket.SendAsync(bytes, type, true, CancellationToken.None);

    public Task SubscribeAsync(string entityId) =>
        SendTextAsync($$"""{"type":"subscribe","entity_id":{{JsonSerializer.Serialize(entityId)}}}""");

    public Task UnsubscribeAsync(string entityId) =>
        SendTextAsync($$"""{"type":"unsubscribe","entity_id":{{JsonSerializer.Serialize(entityId)}}}""");

    /// <summary>Waits for the first message (after index <paramref name="after"/>) that matches.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan timeout, string what, int after = 0) =>
        (await WaitForCountAsync(match, 1, timeout, what, after))[0];

    /// <summary>Waits until at least <paramref name="count"/> matching messages arrived after index <paramref name="after"/>.</summary>
    public async Task<List<JsonElement>> WaitForCountAsync(Func<JsonElement, bool> match, int count, TimeSpan timeout, string what, int after = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var found = _messages.Skip(after).Where(match).ToList();
                if (found.Count >= count)
                    return found;
                if (Ended)
                    throw new InvalidOperationException($"WebSocket ended ({EndReason}) before {what}; got {found.Count}/{count}. {Describe()}");
                changed = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
            {
                lock (_gate)
                {
                    var found = _messages.Skip(after).Count(match);
                    throw new TimeoutException($"Timed out after {timeout} waiting for {what}; got {found}/{count}. {Describe()}");
                }
            }
        }
    }

    /// <summary>Waits until the server ends the connection (close frame or abort).</summary>
    public async Task WaitEndedAsync(TimeSpan timeout, string what)
    {
        StartReading();
        if (await Task.WhenAny(_receiving!, Task.Delay(timeout)) != _receiving)
            throw new TimeoutException($"Timed out after {timeout} waiting for {what}. {Describe()}");
    }

    public string Describe()
    {
        lock (_gate)
        {
            var tail = _messages.Skip(Math.Max(0, _messages.Count - 5)).Select(m => m.GetRawText());
            return $"[{_messages.Count} messages, state {_socket.State}, close {CloseStatus}, ended {Ended} ({EndReason}); last: {string.Join(" | ", tail)}]";
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = result.CloseStatus;
                    EndReason = $"close frame {(int?)result.CloseStatus} '{result.CloseStatusDescription}'";
                    if (_socket.State == WebSocketState.CloseReceived)
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    break;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                    continue;
                var bytes = message.ToArray();
                message.SetLength(0);
                if (result.MessageType == WebSocketMessageType.Binary)
                    BinaryFrames++;
                Record(bytes);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            EndReason ??= $"aborted: {e.Message}";
        }
        finally
        {
            lock (_gate)
            {
                Ended = true;
                _changed.TrySetResult();
            }
        }
    }

    private void Record(byte[] bytes)
    {
        JsonElement? parsed = null;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            parsed = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
        }
        lock (_gate)
        {
            if (parsed is { } p)
                _messages.Add(p);
            else
                _notJson.Add(Encoding.UTF8.GetString(bytes));
            var previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
        }
        _socket.Abort();
        if (_receiving is not null)
            await Task.WhenAny(_receiving, Task.Delay(2000));
        _socket.Dispose();
        _invoker?.Dispose();
    }
}
