using Flux.Contract;

namespace Flux.Contract.Tests;

public class NamespaceNameTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("dawn-coral")]
    [InlineData("a_b")]
    [InlineData("123")]
    [InlineData("---")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")] // 32
    [InlineData("flux-core")] // valid as a name; reserved is a separate rule
    public void names_matching_the_rule_validate(string name)
    {
        Assert.Null(NamespaceName.Validate(name));
        Assert.True(NamespaceName.IsValid(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    public void short_names_are_too_short(string name)
    {
        Assert.Equal("Namespace name too short (minimum 3 characters)", NamespaceName.Validate(name));
        Assert.False(NamespaceName.IsValid(name));
    }

    [Fact]
    public void thirty_three_bytes_is_too_long()
    {
        Assert.Equal("Namespace name too long (maximum 32 characters)", NamespaceName.Validate(new string('a', 33)));
        Assert.False(NamespaceName.IsValid(new string('a', 33)));
    }

    [Fact]
    public void length_is_checked_before_characters()
    {
        Assert.Equal("Namespace name too short (minimum 3 characters)", NamespaceName.Validate("A!"));
        Assert.Equal("Namespace name too long (maximum 32 characters)", NamespaceName.Validate(new string('A', 40)));
    }

    [Theory]
    [InlineData("Matt", "Invalid character 'M' (must be [a-z0-9-_])")]
    [InlineData("ma tt", "Invalid character ' ' (must be [a-z0-9-_])")]
    [InlineData("mat.t", "Invalid character '.' (must be [a-z0-9-_])")]
    [InlineData("ab/c", "Invalid character '/' (must be [a-z0-9-_])")]
    [InlineData("abC!", "Invalid character 'C' (must be [a-z0-9-_])")]
    public void the_first_bad_character_is_named(string name, string message) => Assert.Equal(message, NamespaceName.Validate(name));

    [Fact]
    public void length_is_counted_in_utf8_bytes_so_two_non_ascii_chars_fail_on_the_character()
    {
        Assert.Equal("Invalid character 'é' (must be [a-z0-9-_])", NamespaceName.Validate("éé"));
        Assert.Equal("Invalid character '😀' (must be [a-z0-9-_])", NamespaceName.Validate("😀"));
        Assert.False(NamespaceName.IsValid("éé"));
    }

    [Fact]
    public void sixteen_two_byte_characters_are_too_long() =>
        Assert.Equal("Namespace name too long (maximum 32 characters)", NamespaceName.Validate(new string('é', 17)));

    [Fact]
    public void reserved_name_is_flux_core() => Assert.Equal("flux-core", NamespaceName.Reserved);
}
