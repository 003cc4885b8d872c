using System.Text;
using Flux.Gateway.Requests;

namespace Flux.Gateway.Tests.Requests;

public class DeleteFilterTests
{
    private static DeleteFilter Accepted(string body)
    {
        Assert.True(DeleteFilter.TryParse(Encoding.UTF8.GetBytes(body), out var filter, out var error), error);
        return filter;
    }

    private static string Refusal(string body)
    {
        Assert.False(DeleteFilter.TryParse(Encoding.UTF8.GetBytes(body), out var filter, out var error));
        Assert.Null(filter);
        return error;
    }

    [Fact]
    public void a_namespace_filter_is_read()
    {
        var filter = Accepted("""{"namespace":"sandbox"}""");
        Assert.Equal(DeleteFilterKind.Namespace, filter.Kind);
        Assert.Equal("sandbox", filter.Text);
        Assert.Empty(filter.EntityIds);
    }

    [Fact]
    public void a_prefix_filter_may_be_empty_to_target_everything()
    {
        var filter = Accepted("""{"prefix":""}""");
        Assert.Equal((DeleteFilterKind.Prefix, ""), (filter.Kind, filter.Text));
    }

    [Fact]
    public void entity_ids_keep_order_and_duplicates()
    {
        var filter = Accepted("""{"entity_ids":["demo-b","sandbox/probe-7","demo-b","日本/x"]}""");
        Assert.Equal(DeleteFilterKind.EntityIds, filter.Kind);
        Assert.Equal(["demo-b", "sandbox/probe-7", "demo-b", "日本/x"], filter.EntityIds);
    }

    [Fact]
    public void an_empty_entity_ids_list_targets_nothing() => Assert.Empty(Accepted("""{"entity_ids":[]}""").EntityIds);

    [Fact]
    public void the_first_present_of_namespace_prefix_entity_ids_wins_regardless_of_key_order()
    {
        Assert.Equal(DeleteFilterKind.Namespace, Accepted("""{"entity_ids":["a"],"prefix":"p","namespace":"n"}""").Kind);
        Assert.Equal(DeleteFilterKind.Prefix, Accepted("""{"entity_ids":["a"],"prefix":"p"}""").Kind);
        Assert.Equal(DeleteFilterKind.Prefix, Accepted("""{"prefix":"p","entity_ids":5}""").Kind);
    }

    [Fact]
    public void a_null_filter_counts_as_absent() =>
        Assert.Equal(DeleteFilterKind.Prefix, Accepted("""{"namespace":null,"prefix":"p"}""").Kind);

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"namespace":null}""")]
    [InlineData("""{"ids":["a"]}""")]
    public void no_filter_is_refused(string body) => Assert.Equal(DeleteFilter.MissingMessage, Refusal(body));

    [Theory]
    [InlineData("""{"namespace":5}""", "namespace must be a string")]
    [InlineData("""{"namespace":["a"],"prefix":"p"}""", "namespace must be a string")]
    [InlineData("""{"prefix":{}}""", "prefix must be a string")]
    [InlineData("""{"entity_ids":"a"}""", "entity_ids must be an array of strings")]
    [InlineData("""{"entity_ids":["a",1]}""", "entity_ids must be an array of strings")]
    [InlineData("""{"entity_ids":["a",null]}""", "entity_ids must be an array of strings")]
    public void the_chosen_filter_of_the_wrong_type_is_refused(string body, string message) => Assert.Equal(message, Refusal(body));

    [Fact]
    public void a_top_level_non_object_is_refused() => Assert.Equal("request body must be a JSON object", Refusal("""["a"]"""));
}
