namespace Flux.Nats.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class NatsCollection : ICollectionFixture<NatsServerFixture>
{
    public const string Name = "nats-server";
}
