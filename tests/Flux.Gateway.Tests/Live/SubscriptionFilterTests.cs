using System.Text.Json;
using Flux.Gateway.Live;

namespace Flux.Gateway.Tests.Live;

public sealed class SubscriptionFilterTests
{
    private static SubscriptionFilter? Read(string json) => SubscriptionFilter.From(JsonDocument.Parse(json).RootElement);

    [Theory]
    [InlineData("""{"entity_id":"a/b"}""", FilterKind.EntityId, "a/b")]
    [InlineData("""{"entityId":"a/b"}""", FilterKind.EntityId, "a/b")]
    [InlineData("""{"entity_id":"first","entityId":"alias"}""", FilterKind.EntityId, "first")]
    [InlineData("""{"type":"subscribe","prefix":"room-","token":"ignored"}""", FilterKind.Prefix, "room-")]
    [InlineData("""{"namespace":"dawn-coral"}""", FilterKind.Namespace, "dawn-coral")]
    public void an_object_with_one_filter_member_names_that_filter(string json, FilterKind kind, string value) =>
        Assert.Equal(new SubscriptionFilter(kind, value), Read(json));

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"entity_id":1}""")]
    [InlineData("""{"prefix":""}""")]
    [InlineData("""{"namespace":null}""")]
    [InlineData("""{"prefix":"a","namespace":"b"}""")]
    [InlineData("""{"entity_id":"a","prefix":"b"}""")]
    [InlineData("""["entity_id"]""")]
    public void anything_else_names_no_filter(string json) => Assert.Null(Read(json));

    [Fact]
    public void a_namespace_matches_its_own_entities_only()
    {
        var filter = new SubscriptionFilter(FilterKind.Namespace, "ns");
        Assert.True(filter.Matches("ns/sensor"));
        Assert.False(filter.Matches("ns"));
        Assert.False(filter.Matches("nsx/sensor"));
        Assert.False(filter.Matches("ns-sensor"));
    }

    [Fact]
    public void a_set_with_no_filters_or_the_wildcard_watches_everything_and_removing_a_filter_removes_only_that_one()
    {
        var room = new SubscriptionFilter(FilterKind.Prefix, "room-");
        var wildcard = new SubscriptionFilter(FilterKind.EntityId, SubscriptionFilter.Wildcard);
        Assert.True(SubscriptionSet.Empty.WatchesEverything);

        var set = SubscriptionSet.Empty.With(room);
        Assert.False(set.WatchesEverything);
        Assert.True(set.Watches("room-1"));
        Assert.False(set.Watches("hall-1"));

        set = set.With(wildcard);
        Assert.True(set.Watches("hall-1"));
        set = set.Without(wildcard);
        Assert.False(set.Watches("hall-1"));
        Assert.True(set.Without(room).WatchesEverything);
    }
}
