namespace Flux.Testing;

/// <summary>How a test server is told its port: the PORT variable, the --urls argument, or both.</summary>
public enum ListenVia
{
    Both,
    PortVariable,
    UrlsArgument,
}
