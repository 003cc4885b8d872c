using System.Text;
using Flux.Gateway.Requests;
using Flux.Contract;
using Flux.Grains.Interfaces;

namespace Flux.Gateway.Tests.Requests;

public class NamespaceRegistrationTests
{
    [Fact]
    public void the_name_is_read_verbatim_for_the_name_rules_to_judge()
    {
        Assert.True(NamespaceRegistration.TryParse(Encoding.UTF8.GetBytes("""{"name":"Matt","extra":1}"""), out var registration, out _));
        Assert.Equal("Matt", registration.Name);
        Assert.Equal("Invalid character 'M' (must be [a-z0-9-_])", NamespaceName.Validate(registration.Name));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"name":null}""")]
    [InlineData("""{"name":42}""")]
    [InlineData("""{"name":["abc"]}""")]
    [InlineData("""{"Name":"abc"}""")]
    public void name_must_be_a_string(string body)
    {
        Assert.False(NamespaceRegistration.TryParse(Encoding.UTF8.GetBytes(body), out var registration, out var error));
        Assert.Null(registration);
        Assert.Equal("name must be a string", error);
    }

    [Fact]
    public void a_top_level_non_object_is_refused()
    {
        Assert.False(NamespaceRegistration.TryParse(Encoding.UTF8.GetBytes("\"abc\""), out _, out var error));
        Assert.Equal("request body must be a JSON object", error);
    }
}
