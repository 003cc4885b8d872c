namespace Flux.Gateway.Http;

/// <summary>Whether start-up recovery is done and the server may take traffic (<c>/readyz</c>).</summary>
public sealed class Readiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
