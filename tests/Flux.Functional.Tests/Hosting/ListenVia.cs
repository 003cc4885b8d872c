namespace Flux.Functional.Tests.Hosting;

/// <summary>How a test server is told its port: the PORT variable, the --urls argument, or both.</summary>
public enum ListenVia
{
    Both,
    PortVariable,
    UrlsArgument,
}
