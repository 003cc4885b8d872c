using System.Text;

namespace Flux.Connectors.Tests;

/// <summary>What a poller publishes of an observation: only the properties whose JSON value differs.</summary>
public sealed class PropertyChangesTests
{
    [Fact]
    public void numbers_that_are_equal_as_json_values_are_not_a_change() =>
        Assert.Null(Changed("""{"stars":1,"ratio":0.5}""", """{"stars":1.0,"ratio":5e-1}"""));

    [Fact]
    public void a_different_number_is_a_change() =>
        Assert.Equal("""{"stars":2}""", Changed("""{"stars":1,"forks":3}""", """{"stars":2,"forks":3}"""));

    [Fact]
    public void strings_compare_by_value_escapes_included() =>
        Assert.Equal("""{"title":"b"}""", Changed("""{"name":"caf\u00e9","title":"a"}""", """{"name":"café","title":"b"}"""));

    [Fact]
    public void a_string_is_not_equal_to_the_number_it_spells() =>
        Assert.Equal("""{"n":"1"}""", Changed("""{"n":1}""", """{"n":"1"}"""));

    [Fact]
    public void booleans_and_null_are_compared_too() =>
        Assert.Equal("""{"archived":true,"description":null}""",
            Changed("""{"archived":false,"private":true,"description":"x","language":null}""",
                """{"archived":true,"private":true,"description":null,"language":null}"""));

    [Fact]
    public void a_property_the_entity_lacks_is_a_change() =>
        Assert.Equal("""{"language":null}""", Changed("""{"name":"a"}""", """{"name":"a","language":null}"""));

    [Fact]
    public void for_an_entity_that_does_not_exist_every_observed_property_is_a_change() =>
        Assert.Equal("""{"name":"a","stars":1,"private":false,"language":null}""",
            Changed("", """{"name":"a","stars":1,"private":false,"language":null}"""));

    [Fact]
    public void when_nothing_changed_the_answer_is_null() =>
        Assert.Null(Changed("""{"name":"a","stars":1,"extra":"kept"}""", """{"name":"a","stars":1}"""));

    private static string? Changed(string current, string observed) =>
        PropertyChanges.Changed(Encoding.UTF8.GetBytes(current), Encoding.UTF8.GetBytes(observed)) is { } changed
            ? Encoding.UTF8.GetString(changed)
            : null;
}
