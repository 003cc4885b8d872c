namespace Flux.Nats.JetStream.Models;

/// <summary>A message as MSG.GET returns it: headers and data base64-encoded.</summary>
public sealed record StoredMessage
{
    public string Subject { get; init; } = "";
    public ulong Seq { get; init; }
    public byte[]? Hdrs { get; init; }
    public byte[]? Data { get; init; }
    public DateTimeOffset Time { get; init; }
}
