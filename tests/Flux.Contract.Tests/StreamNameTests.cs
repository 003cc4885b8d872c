using Flux.Contract;

namespace Flux.Contract.Tests;

public class StreamNameTests
{
    [Theory]
    [InlineData("sensors")]
    [InlineData("sensors.temperature")]
    [InlineData("sensors.zone1.temp")]
    [InlineData("data123")]
    [InlineData("a.b.c.d")]
    [InlineData("123")]
    [InlineData("flux.events.deletions")]
    public void lowercase_dotted_names_are_valid(string name) => Assert.True(StreamName.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData(".sensors")]
    [InlineData("sensors.")]
    [InlineData("sensors..temp")]
    [InlineData("Sensors")]
    [InlineData("SENSORS")]
    [InlineData("sensors-temp")]
    [InlineData("sensors_temp")]
    [InlineData("sensors/temp")]
    [InlineData(".")]
    [InlineData("sensors temp")]
    [InlineData("séance")]
    [InlineData("sensors\n")]
    public void other_names_are_invalid(string name) => Assert.False(StreamName.IsValid(name));

    [Fact]
    public void null_is_invalid() => Assert.False(StreamName.IsValid(null));

    [Fact]
    public void there_is_no_length_limit() => Assert.True(StreamName.IsValid(string.Join('.', Enumerable.Repeat("abc", 10_000))));
}
