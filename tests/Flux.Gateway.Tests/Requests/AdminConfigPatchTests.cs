using System.Text;
using Flux.Gateway.Requests;
using Flux.Grains.Interfaces;

namespace Flux.Gateway.Tests.Requests;

public class AdminConfigPatchTests
{
    private static RuntimeLimitsChange Accepted(string body)
    {
        Assert.True(AdminConfigPatch.TryParse(Encoding.UTF8.GetBytes(body), out var patch, out var error), error);
        return patch;
    }

    private static string Refusal(string body)
    {
        Assert.False(AdminConfigPatch.TryParse(Encoding.UTF8.GetBytes(body), out var patch, out var error));
        Assert.Null(patch);
        return error;
    }

    [Fact]
    public void all_four_keys_are_read()
    {
        var patch = Accepted("""{"rate_limit_enabled":false,"rate_limit_per_namespace_per_minute":1,"body_size_limit_single_bytes":2048,"body_size_limit_batch_bytes":9223372036854775807}""");
        Assert.Equal(new RuntimeLimitsChange(false, 1, 2048, long.MaxValue), patch);
    }

    [Fact]
    public void absent_null_and_unknown_keys_leave_values_unchanged()
    {
        Assert.Equal(new RuntimeLimitsChange(null, null, null, null), Accepted("""{}"""));
        Assert.Equal(new RuntimeLimitsChange(true, null, null, null), Accepted("""{"rate_limit_enabled":true,"body_size_limit_single_bytes":null,"other":"x"}"""));
    }

    [Theory]
    [InlineData("""{"rate_limit_enabled":"true"}""")]
    [InlineData("""{"rate_limit_enabled":1}""")]
    public void the_switch_must_be_a_boolean(string body) => Assert.Equal("rate_limit_enabled must be a boolean", Refusal(body));

    [Theory]
    [InlineData("rate_limit_per_namespace_per_minute", "0")]
    [InlineData("rate_limit_per_namespace_per_minute", "-1")]
    [InlineData("rate_limit_per_namespace_per_minute", "1.5")]
    [InlineData("body_size_limit_single_bytes", "1.0")]
    [InlineData("body_size_limit_single_bytes", "1e6")]
    [InlineData("body_size_limit_single_bytes", "\"1024\"")]
    [InlineData("body_size_limit_batch_bytes", "9223372036854775808")]
    [InlineData("body_size_limit_batch_bytes", "true")]
    public void limits_must_be_integers_of_at_least_one(string key, string value) =>
        Assert.Equal($"{key} must be an integer >= 1", Refusal($$"""{"{{key}}":{{value}}}"""));

    [Fact]
    public void the_first_bad_field_in_contract_order_is_named() =>
        Assert.Equal("rate_limit_per_namespace_per_minute must be an integer >= 1",
            Refusal("""{"body_size_limit_batch_bytes":0,"rate_limit_per_namespace_per_minute":0}"""));

    [Fact]
    public void a_top_level_non_object_is_refused() => Assert.Equal("request body must be a JSON object", Refusal("[]"));
}
