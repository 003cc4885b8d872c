namespace Flux.Functional.Tests.Client;

/// <summary>The contract's client for a server the tests started (<see cref="FluxServer"/> lives in Flux.Testing, which knows no contract).</summary>
public static class FluxServerApi
{
    extension(FluxServer server)
    {
        public FluxApi Api => new(server.Http, server);
    }
}
