using Flux.Contract;

namespace Flux.Contract.Tests;

public class NamespaceClaimTests
{
    [Theory]
    [InlineData("matt/sensor-01", "matt")]
    [InlineData("matt/room/101", "matt")]
    [InlineData("dawn_coral-2/x", "dawn_coral-2")]
    [InlineData("abc/ünïcödé", "abc")]
    public void event_write_to_a_namespaced_id_claims_its_first_segment(string id, string ns)
    {
        var claim = NamespaceClaim.ForEventWrite(id);
        Assert.True(claim.IsValid);
        Assert.Equal(ns, claim.Namespace);
        Assert.Null(claim.Message);
    }

    [Fact]
    public void event_write_without_entity_id_is_401()
    {
        var claim = NamespaceClaim.ForEventWrite(null);
        Assert.Equal((401, "Missing 'entity_id' field in payload"), (claim.Status, claim.Message));
        Assert.Null(claim.Namespace);
    }

    [Theory]
    [InlineData("sensor-01")]
    [InlineData("")]
    public void event_write_without_a_slash_is_401_missing_prefix_naming_the_expected_form(string id)
    {
        var claim = NamespaceClaim.ForEventWrite(id);
        Assert.Equal(401, claim.Status);
        Assert.Equal($"Entity ID '{id}' missing namespace prefix (expected '<namespace>/<name>', such as 'dawn-coral/{id}')", claim.Message);
    }

    [Theory]
    [InlineData("ab/x")]
    [InlineData("Matt/x")]
    [InlineData("/x")]
    [InlineData("matt/")]
    [InlineData("ma.tt/x")]
    [InlineData("éé/x")]
    public void event_write_with_a_bad_namespace_or_empty_rest_is_401_parse_failure(string id)
    {
        var claim = NamespaceClaim.ForEventWrite(id);
        Assert.False(claim.IsValid);
        Assert.Equal(401, claim.Status);
        Assert.Equal($"Failed to parse entity_id '{id}'", claim.Message);
    }

    [Fact]
    public void delete_of_a_namespaced_id_claims_its_namespace()
    {
        var claim = NamespaceClaim.ForDelete("matt/a/b");
        Assert.True(claim.IsValid);
        Assert.Equal("matt", claim.Namespace);
    }

    [Fact]
    public void delete_without_a_slash_is_401_no_namespace_saying_which_ids_a_token_deletes()
    {
        var claim = NamespaceClaim.ForDelete("sensor-01");
        Assert.Equal(401, claim.Status);
        Assert.StartsWith("Entity 'sensor-01' has no namespace: a namespace token deletes only ids '<namespace>/<name>'", claim.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab/x")]
    [InlineData("matt/")]
    [InlineData("MATT/x")]
    public void delete_with_a_bad_namespace_or_empty_rest_is_400(string id) =>
        Assert.Equal(new NamespaceClaim(null, 400, $"invalid entity id '{id}'"), NamespaceClaim.ForDelete(id));
}
