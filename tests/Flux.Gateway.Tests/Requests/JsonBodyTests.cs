using System.Text;
using System.Text.Json;
using Flux.Gateway.Requests;

namespace Flux.Gateway.Tests.Requests;

public class JsonBodyTests
{
    private static bool Parse(byte[] body, out string error)
    {
        var ok = JsonBody.TryParse(body, out var document, out error);
        Assert.Equal(ok, document is not null);
        document?.Dispose();
        return ok;
    }

    [Fact]
    public void sixty_four_levels_of_nesting_are_accepted()
    {
        var body = Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 63) + new string(']', 63) + "}");
        Assert.True(Parse(body, out _));
    }

    [Fact]
    public void two_hundred_fifty_six_levels_are_accepted()
    {
        Assert.True(Parse(Encoding.UTF8.GetBytes(new string('[', 256) + new string(']', 256)), out _));
    }

    [Fact]
    public void three_hundred_levels_are_refused_with_a_message()
    {
        Assert.False(Parse(Encoding.UTF8.GetBytes(new string('[', 300) + new string(']', 300)), out var error));
        Assert.StartsWith("invalid JSON: ", error);
        Assert.Contains("depth", error);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}' })] // bad continuation in a value
    [InlineData(new byte[] { (byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}' })] // bad byte in a name
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC0, 0xAF, (byte)'"', (byte)'}' })] // overlong '/'
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xED, 0xA0, 0x80, (byte)'"', (byte)'}' })] // encoded surrogate
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xE2, 0x82, (byte)'"', (byte)'}' })] // truncated sequence
    public void invalid_utf8_anywhere_is_refused_even_inside_strings(byte[] body)
    {
        // JsonDocument alone would accept these; the explicit check is what refuses them.
        using (JsonDocument.Parse(body))
        {
        }

        Assert.False(Parse(body, out var error));
        Assert.Equal("request body is not valid UTF-8", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n")]
    public void an_empty_body_is_refused(string body)
    {
        Assert.False(Parse(Encoding.UTF8.GetBytes(body), out var error));
        Assert.Equal("request body must not be empty", error);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{} x")]
    [InlineData("{\"a\":1} // c")]
    [InlineData("{'a':1}")]
    [InlineData("NaN")]
    public void malformed_json_is_refused(string body)
    {
        Assert.False(Parse(Encoding.UTF8.GetBytes(body), out var error));
        Assert.StartsWith("invalid JSON: ", error);
    }

    [Fact]
    public void a_leading_byte_order_mark_is_skipped()
    {
        Assert.True(JsonBody.TryParseObject(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' }, out var document, out _));
        document.Dispose();
    }

    [Fact]
    public void valid_multibyte_text_is_accepted()
    {
        Assert.True(Parse(Encoding.UTF8.GetBytes("{\"名前\":\"😀 ü\"}"), out _));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"x\"")]
    [InlineData("1")]
    [InlineData("null")]
    public void a_top_level_value_other_than_an_object_is_refused_when_an_object_is_required(string body)
    {
        Assert.True(Parse(Encoding.UTF8.GetBytes(body), out _));
        Assert.False(JsonBody.TryParseObject(Encoding.UTF8.GetBytes(body), out var document, out var error));
        Assert.Null(document);
        Assert.Equal("request body must be a JSON object", error);
    }

    [Theory]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""{"a":"\udc00"}""")]
    [InlineData("""{"a":"x\uDBFFy"}""")]
    [InlineData("""{"a":"\ud800\u0041"}""")]
    [InlineData("""{"a":"\ud800\n"}""")]
    [InlineData("""{"a":"\ud800\ud800\udc00"}""")]
    [InlineData("""{"a":"\ude00\ud83d"}""")]
    [InlineData("""{"a":"\ud800","b":"\udc00"}""")]
    [InlineData("""{"\ud800":1}""")]
    [InlineData("""{"a":["ok","\\\udc00"]}""")]
    public void escapes_naming_half_a_surrogate_pair_are_refused(string body)
    {
        Assert.False(Parse(Encoding.UTF8.GetBytes(body), out var error));
        Assert.Equal("invalid JSON: a \\u escape names an unpaired surrogate", error);
    }

    [Theory]
    [InlineData("""{"a":"\ud83d\ude00"}""")]
    [InlineData("""{"a":"\uD83D\uDE00 and \u00e9"}""")]
    [InlineData("""{"a":"\\ud800"}""")]
    [InlineData("""{"a":"\\\\ud800 \" \/ \t"}""")]
    [InlineData("""{"\ud83d\ude00":"\ud83d\ude00"}""")]
    public void paired_surrogate_escapes_and_escaped_backslashes_are_fine(string body)
    {
        Assert.True(Parse(Encoding.UTF8.GetBytes(body), out var error), error);
    }

    [Fact]
    public void strings_with_lone_surrogate_escapes_do_not_read_as_strings()
    {
        using var document = JsonDocument.Parse("""["\ud800","ok",1]""");
        var items = document.RootElement.EnumerateArray().ToArray();
        Assert.False(JsonBody.TryReadString(items[0], out _));
        Assert.True(JsonBody.TryReadString(items[1], out var ok));
        Assert.Equal("ok", ok);
        Assert.False(JsonBody.TryReadString(items[2], out _));
    }
}
