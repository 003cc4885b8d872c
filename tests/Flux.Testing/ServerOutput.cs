using System.Text;

namespace Flux.Testing;

/// <summary>The tail of a server process's stdout and stderr, kept for failure messages.</summary>
public sealed class ServerOutput
{
    private const int MaxChars = 64 * 1024;
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public void Append(string stream, string? line)
    {
        if (line is null)
            return;
        lock (_gate)
        {
            _text.Append('[').Append(stream).Append("] ").AppendLine(line);
            if (_text.Length > MaxChars)
                _text.Remove(0, _text.Length - MaxChars);
        }
    }

    public override string ToString()
    {
        lock (_gate)
            return _text.ToString();
    }
}
