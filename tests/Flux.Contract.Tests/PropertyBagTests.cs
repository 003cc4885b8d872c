using System.Diagnostics;
using System.Text.Json;
using Flux.Contract;
using Xunit.Abstractions;

namespace Flux.Contract.Tests;

public class PropertyBagTests(ITestOutputHelper output)
{
    private static string Merge(string current, string patch) =>
        Json.Text(PropertyBag.Merge(current.Length == 0 ? [] : Json.Bytes(current), Json.Parse(patch)));

    [Fact]
    public void merging_into_no_entity_creates_the_patch()
    {
        Assert.Equal("""{"temperature":22.5,"unit":"celsius"}""", Merge("", """{"temperature":22.5,"unit":"celsius"}"""));
    }

    [Fact]
    public void existing_keys_keep_their_place_and_new_keys_append_in_patch_order()
    {
        Assert.Equal("""{"a":1,"b":20,"c":3,"z":26,"d":4}""", Merge("""{"a":1,"b":2,"c":3}""", """{"z":26,"b":20,"d":4}"""));
    }

    [Fact]
    public void properties_not_mentioned_are_kept()
    {
        Assert.Equal("""{"a":1,"b":2}""", Merge("""{"a":1}""", """{"b":2}"""));
    }

    [Fact]
    public void null_is_stored_as_null()
    {
        Assert.Equal("""{"a":null,"b":2}""", Merge("""{"a":1,"b":2}""", """{"a":null}"""));
    }

    [Fact]
    public void nested_values_are_replaced_whole()
    {
        Assert.Equal("""{"o":{"y":2},"l":[3]}""", Merge("""{"o":{"x":1,"y":1},"l":[1,2]}""", """{"o":{"y":2},"l":[3]}"""));
    }

    [Fact]
    public void a_key_repeated_in_the_patch_takes_its_last_value_at_its_first_position()
    {
        Assert.Equal("""{"a":3,"b":2}""", Merge("", """{"a":1,"b":2,"a":3}"""));
        Assert.Equal("""{"x":0,"a":3,"b":2}""", Merge("""{"x":0}""", """{"a":1,"b":2,"a":3}"""));
        Assert.Equal("""{"a":3,"x":0,"b":2}""", Merge("""{"a":0,"x":0}""", """{"a":1,"b":2,"a":3}"""));
    }

    [Fact]
    public void raw_value_text_is_preserved()
    {
        const string patch = """{"p":22.50,"u":18446744073709551615,"n":-9223372036854775808,"h":1e400,"s":"\u00e9","t":"é","w":[ 1 , 2 ]}""";
        Assert.Equal(patch, Merge("", patch));
        Assert.Equal("""{"p":22.50,"q":1.0E+2}""", Merge("""{"p":22.50}""", """{"q":1.0E+2}"""));
    }

    [Fact]
    public void names_match_by_decoded_text_and_keep_their_first_spelling()
    {
        Assert.Equal("""{"a":2}""", Merge("""{"a":1}""", """{"\u0061":2}"""));
        Assert.Equal("""{"\u0061":2}""", Merge("""{"\u0061":1}""", """{"a":2}"""));
        Assert.Equal("""{"\u0061":3}""", Merge("", """{"\u0061":1,"a":3}"""));
        Assert.Equal("""{"é":1,"\"q\"":2}""", Merge("""{"é":0}""", """{"\u00e9":1,"\"q\"":2}"""));
    }

    [Fact]
    public void empty_and_unicode_property_names_are_ordinary_keys()
    {
        Assert.Equal("""{"":1,"日本":2}""", Merge("""{"":0}""", """{"":1,"日本":2}"""));
    }

    [Fact]
    public void an_empty_patch_leaves_the_bag_as_it_was()
    {
        Assert.Equal("""{"a":1}""", Merge("""{"a":1}""", "{}"));
        Assert.Equal("{}", Merge("", "{}"));
    }

    [Fact]
    public void large_patches_and_bags_match_keys_the_same_way()
    {
        var current = "{" + string.Join(',', Enumerable.Range(0, 100).Select(i => $"\"k{i}\":{i}")) + "}";
        var patch = "{" + string.Join(',', Enumerable.Range(50, 100).Select(i => $"\"k{i}\":\"v{i}\"")) + ",\"k60\":\"last\",\"\\u006b1\":\"one\"}";
        using var merged = JsonDocument.Parse(Merge(current, patch));
        var names = merged.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"k{i}"), names);
        Assert.Equal(0, merged.RootElement.GetProperty("k0").GetInt32());
        Assert.Equal("one", merged.RootElement.GetProperty("k1").GetString());
        Assert.Equal("last", merged.RootElement.GetProperty("k60").GetString());
        Assert.Equal("v149", merged.RootElement.GetProperty("k149").GetString());
    }

    [Fact]
    public void a_later_event_wins_even_with_an_older_timestamp()
    {
        // docs/api.md §16 item 5: order of acceptance decides, never the event's timestamp.
        var ids = new EventIdGenerator(TimeProvider.System);
        var newer = EventParser.Parse(Json.Parse("""{"stream":"s","source":"a","timestamp":2000,"payload":{"entity_id":"x","properties":{"v":"first"}}}"""), ids, 1).Event!;
        var older = EventParser.Parse(Json.Parse("""{"stream":"s","source":"a","timestamp":1000,"payload":{"entity_id":"x","properties":{"v":"second"}}}"""), ids, 1).Event!;
        var bag = Array.Empty<byte>();
        foreach (var e in new[] { newer, older })
        {
            Assert.True(e.TryGetProperties(out var properties));
            bag = PropertyBag.Merge(bag, properties);
        }

        Assert.Equal("""{"v":"second"}""", Json.Text(bag));
    }

    [Fact]
    public void medium_patches_beyond_the_inline_buffer_merge_the_same_way()
    {
        var patch = "{" + string.Join(',', Enumerable.Range(0, 12).Select(i => $"\"k{i}\":{i}")) + ",\"k2\":\"two\"}";
        Assert.Equal("""{"k5":5,"k0":0,"k1":1,"k2":"two","k3":3,"k4":4,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11}""",
            Merge("""{"k5":"old"}""", patch));
        Assert.Equal(12, PropertyBag.Changes(Json.Parse(patch)).Length);
    }

    [Fact]
    public void merging_a_non_object_patch_throws() =>
        Assert.Throws<ArgumentException>(() => PropertyBag.Merge([], Json.Parse("[1]")));

    [Fact]
    public void changes_follow_submitted_order_once_per_key_with_the_last_value()
    {
        var changes = PropertyBag.Changes(Json.Parse("""{"b":1,"a":2,"b":3,"\u0061":4,"c":null}"""));
        Assert.Equal(["b", "a", "c"], changes.Select(c => c.Name));
        Assert.Equal(["3", "4", "null"], changes.Select(c => c.Value.GetRawText()));
    }

    [Fact]
    public void changes_report_every_key_even_when_the_value_is_unchanged()
    {
        Assert.Equal(2, PropertyBag.Changes(Json.Parse("""{"a":1,"b":1}""")).Length);
        Assert.Empty(PropertyBag.Changes(Json.Parse("{}")));
    }

    [Fact]
    public void changes_of_a_large_patch_dedupe_too()
    {
        var patch = "{" + string.Join(',', Enumerable.Range(0, 40).Select(i => $"\"k{i}\":{i}")) + ",\"k3\":\"x\"}";
        var changes = PropertyBag.Changes(Json.Parse(patch));
        Assert.Equal(40, changes.Length);
        Assert.Equal("\"x\"", changes[3].Value.GetRawText());
    }

    [Theory]
    [InlineData("""{"__deleted__":true}""", true)]
    [InlineData("""{"__deleted__":true,"x":1}""", true)]
    [InlineData("""{"__deleted__":"true"}""", false)]
    [InlineData("""{"__deleted__":1}""", false)]
    [InlineData("""{"__deleted__":false}""", false)]
    [InlineData("""{"__deleted__":null}""", false)]
    [InlineData("""{"__Deleted__":true}""", false)]
    [InlineData("""{}""", false)]
    [InlineData("""[true]""", false)]
    [InlineData("""{"__deleted__":false,"__deleted__":true}""", true)]
    [InlineData("""{"__deleted__":true,"__deleted__":false}""", false)]
    public void only_a_boolean_true_deleted_marker_is_a_tombstone(string properties, bool tombstone) =>
        Assert.Equal(tombstone, PropertyBag.IsTombstone(Json.Parse(properties)));

    [Fact]
    public void merge_of_one_property_into_ten_is_measured()
    {
        var current = PropertyBag.Merge([], Json.Parse("""{"temperature":22.5,"unit":"celsius","status":"online","humidity":41,"battery":0.93,"firmware":"1.4.2","room":"kitchen","lat":51.5072,"lon":-0.1276,"tags":["a","b"]}"""));
        var patch = Json.Parse("""{"temperature":23.1}""");
        for (var i = 0; i < 20_000; i++)
        {
            current = PropertyBag.Merge(current, patch);
        }

        const int rounds = 200_000;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            current = PropertyBag.Merge(current, patch);
        }

        watch.Stop();
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)rounds;
        output.WriteLine($"PropertyBag.Merge 10 props + 1: {watch.Elapsed.TotalNanoseconds / rounds:F0} ns/op, {allocated:F0} B/op (result {current.Length} B)");
        Assert.Contains("\"temperature\":23.1,", Json.Text(current));
        Assert.True(allocated <= current.Length + 64, $"allocated {allocated} B/op for a {current.Length} B result");
    }
}
