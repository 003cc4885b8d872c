namespace Flux.Nats.Internal;

/// <summary>Host, port and credentials parsed from a <c>nats://[user:pass@|token@]host[:port]</c> URL.</summary>
internal sealed record ServerAddress(string Host, int Port, string? User, string? Password, string? Token)
{
    public static ServerAddress Parse(string url)
    {
        var text = url.Contains("://", StringComparison.Ordinal) ? url : "nats://" + url;
        var uri = new Uri(text);
        if (uri.Scheme is not ("nats" or "tcp")) throw new ArgumentException($"unsupported scheme in '{url}' (TLS is not supported)");
        string? user = null, pass = null, token = null;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            if (parts.Length == 2) { user = Uri.UnescapeDataString(parts[0]); pass = Uri.UnescapeDataString(parts[1]); }
            else token = Uri.UnescapeDataString(parts[0]);
        }
        var host = uri.Host.Trim('[', ']');
        return new ServerAddress(host, uri.IsDefaultPort || uri.Port < 0 ? 4222 : uri.Port, user, pass, token);
    }

    public override string ToString() => $"nats://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}";
}
