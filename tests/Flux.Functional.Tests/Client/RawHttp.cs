using System.Net.Sockets;
using System.Text;

namespace Flux.Functional.Tests.Client;

/// <summary>
/// HTTP/1.1 over a bare TCP socket for requests HttpClient will not send as written: a literal
/// `+` or raw bytes in the target, invalid UTF-8 bodies, chunked bodies, lying headers.
/// Every request asks for `Connection: close`, so the response ends at end of stream.
/// </summary>
public static class RawHttp
{
    public static byte[] Request(Uri baseAddress, string method, string target, byte[]? body = null, bool chunked = false, params string[] headers)
    {
        var head = new StringBuilder();
        head.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(baseAddress.Authority).Append("\r\n");
        head.Append("Connection: close\r\n");
        foreach (var header in headers)
            head.Append(header).Append("\r\n");
        if (body is not null && chunked)
            head.Append("Transfer-Encoding: chunked\r\n");
        else if (body is not null)
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        head.Append("\r\n");
        var bytes = new List<byte>(Encoding.ASCII.GetBytes(head.ToString()));
        if (body is not null && chunked)
        {
            const int chunk = 16 * 1024;
            for (var i = 0; i < body.Length; i += chunk)
            {
                var n = Math.Min(chunk, body.Length - i);
                bytes.AddRange(Encoding.ASCII.GetBytes($"{n:x}\r\n"));
                bytes.AddRange(body.AsSpan(i, n).ToArray());
                bytes.AddRange("\r\n"u8.ToArray());
            }
            bytes.AddRange("0\r\n\r\n"u8.ToArray());
        }
        else if (body is not null)
        {
            bytes.AddRange(body);
        }
        return [.. bytes];
    }

    public static async Task<ApiResponse> SendAsync(Uri baseAddress, byte[] request, string description)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port, timeout.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer (e.g. 413) and stop reading before the body is sent.
        }
        var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
        }
        return Parse(received.ToArray(), description);
    }

    public static ApiResponse Parse(byte[] raw, string description)
    {
        var text = raw.AsSpan();
        var end = text.IndexOf("\r\n\r\n"u8);
        if (end < 0)
            throw new InvalidOperationException($"{description}: no complete HTTP response ({raw.Length} bytes): {Encoding.UTF8.GetString(raw)}");
        var headLines = Encoding.ASCII.GetString(raw, 0, end).Split("\r\n");
        var status = int.Parse(headLines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in headLines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var existing) ? existing + ", " + value : value;
        }
        var body = raw.AsSpan(end + 4).ToArray();
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            body = Dechunk(body);
        else if (headers.TryGetValue("Content-Length", out var cl) && int.TryParse(cl, out var length) && length <= body.Length)
            body = body[..length];
        return new ApiResponse(status, headers, Encoding.UTF8.GetString(body), description);
    }

    private static byte[] Dechunk(byte[] body)
    {
        var output = new MemoryStream();
        var i = 0;
        while (i < body.Length)
        {
            var lineEnd = body.AsSpan(i).IndexOf("\r\n"u8);
            if (lineEnd < 0)
                break;
            var sizeText = Encoding.ASCII.GetString(body, i, lineEnd).Split(';')[0];
            var size = Convert.ToInt32(sizeText, 16);
            i += lineEnd + 2;
            if (size == 0)
                break;
            output.Write(body, i, Math.Min(size, body.Length - i));
            i += size + 2;
        }
        return output.ToArray();
    }
}
