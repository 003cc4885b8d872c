using Flux.Contract;

namespace Flux.Contract.Tests;

public class EntityIdsTests
{
    [Theory]
    [InlineData("matt/sensor-01", "matt")]
    [InlineData("github/repo/acme/api", "github")]
    [InlineData("/x", "")]
    [InlineData("ns/", "ns")]
    [InlineData("ünï/cödé", "ünï")]
    public void namespace_is_the_text_before_the_first_slash(string id, string ns) => Assert.Equal(ns, EntityIds.NamespaceOf(id));

    [Theory]
    [InlineData("sensor-01")]
    [InlineData("agent:manager")]
    [InlineData("")]
    public void ids_without_a_slash_have_no_namespace(string id) => Assert.Null(EntityIds.NamespaceOf(id));

    [Theory]
    [InlineData("flux-core/directory", true)]
    [InlineData("flux-core/anything/else", true)]
    [InlineData("flux-core", false)]
    [InlineData("flux-core-x/a", false)]
    [InlineData("Flux-core/a", false)]
    [InlineData("x/flux-core/a", false)]
    [InlineData(null, false)]
    public void only_the_flux_core_prefix_is_reserved(string? id, bool reserved) => Assert.Equal(reserved, EntityIds.IsReserved(id));
}
