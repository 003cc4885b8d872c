using System.Text;
using Flux.Gateway.Requests;

namespace Flux.Gateway.Tests.Requests;

public class BatchRequestTests
{
    private static string Refusal(string body)
    {
        Assert.False(BatchRequest.TryParse(Encoding.UTF8.GetBytes(body), out var request, out var error));
        Assert.Null(request);
        return error;
    }

    [Fact]
    public void an_empty_events_array_gets_the_exact_message() =>
        Assert.Equal("Batch request must contain at least one event", Refusal("""{"events":[]}"""));

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"events":null}""")]
    [InlineData("""{"events":{}}""")]
    [InlineData("""{"events":"[]"}""")]
    [InlineData("""{"Events":[{}]}""")]
    public void events_must_be_an_array(string body) => Assert.Equal("events must be an array", Refusal(body));

    [Theory]
    [InlineData("""[{"stream":"s"}]""")]
    [InlineData("""null""")]
    public void a_top_level_non_object_is_refused(string body) => Assert.Equal("request body must be a JSON object", Refusal(body));

    [Fact]
    public void invalid_json_is_refused() => Assert.StartsWith("invalid JSON: ", Refusal("""{"events":[}"""));

    [Fact]
    public void items_of_any_kind_are_left_for_per_item_validation()
    {
        Assert.True(BatchRequest.TryParse(Encoding.UTF8.GetBytes("""{"events":[{"stream":"s"},1,null,[]],"extra":true}"""), out var request, out _));
        using (request)
        {
            Assert.Equal(4, request.Count);
            Assert.Equal(System.Text.Json.JsonValueKind.Number, request.Events[1].ValueKind);
        }
    }
}
