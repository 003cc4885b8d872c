using System.Buffers;
using System.Text;
using Flux.Nats.Internal;

namespace Flux.Nats.Tests.Protocol;

public sealed class ProtocolParserTests
{
    private const string Frame =
        "INFO {\"server_id\":\"x\",\"max_payload\":1048576}\r\n" +
        "MSG orders.1 7 _INBOX.abc.42 5\r\nhello\r\n" +
        "HMSG orders.2 8 24 27\r\nNATS/1.0\r\nA: b\r\nC: d\r\n\r\nxyz\r\n" +
        "PING\r\nPONG\r\n+OK\r\n" +
        "-ERR 'Permissions Violation for Publish to foo'\r\n" +
        "MSG empty 9 0\r\n\r\n" +
        "HMSG _INBOX.abc.43 1 16 16\r\nNATS/1.0 503\r\n\r\n\r\n";

    private static readonly string[] Expected =
    [
        "INFO {\"server_id\":\"x\",\"max_payload\":1048576}",
        "MSG orders.1 7 [_INBOX.abc.42] h=[] p=[hello]",
        "MSG orders.2 8 [] h=[NATS/1.0\r\nA: b\r\nC: d\r\n\r\n] p=[xyz]",
        "PING",
        "PONG",
        "+OK",
        "-ERR Permissions Violation for Publish to foo",
        "MSG empty 9 [] h=[] p=[]",
        "MSG _INBOX.abc.43 1 [] h=[NATS/1.0 503\r\n\r\n] p=[]",
    ];

    /// <summary>Feeds the bytes as the given chunks, the way the read loop does: parse what is complete, keep the rest.</summary>
    private static List<string> Feed(byte[] bytes, params int[] cuts)
    {
        var handler = new RecordingHandler();
        var pending = Array.Empty<byte>();
        var bounds = cuts.Append(bytes.Length).ToArray();
        var start = 0;
        foreach (var end in bounds)
        {
            var chunk = bytes[start..end];
            start = end;
            // Unconsumed bytes and the new chunk arrive as two separate segments.
            var buffer = Segments.Create(pending, chunk);
            while (ProtocolParser.TryParse(ref buffer, handler)) { }
            pending = buffer.ToArray();
        }
        Assert.Empty(pending);
        return handler.Ops;
    }

    [Fact]
    public void a_frame_split_at_every_byte_boundary_parses_the_same()
    {
        var bytes = Encoding.UTF8.GetBytes(Frame);
        for (var cut = 1; cut < bytes.Length; cut++)
            Assert.Equal(Expected, Feed(bytes, cut));
    }

    [Fact]
    public void a_frame_arriving_one_byte_at_a_time_parses_the_same()
    {
        var bytes = Encoding.UTF8.GetBytes(Frame);
        Assert.Equal(Expected, Feed(bytes, Enumerable.Range(1, bytes.Length - 1).ToArray()));
    }

    [Fact]
    public void many_messages_in_one_read_are_all_parsed()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 1000; i++) sb.Append($"MSG s.{i} 1 {i.ToString().Length}\r\n{i}\r\n");
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(sb.ToString()));
        var handler = new RecordingHandler();

        while (ProtocolParser.TryParse(ref buffer, handler)) { }

        Assert.Equal(1000, handler.Ops.Count);
        Assert.Equal("MSG s.999 1 [] h=[] p=[999]", handler.Ops[^1]);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void large_headers_across_segments_parse_into_header_values()
    {
        var big = new string('v', 20_000);
        var headers = $"NATS/1.0\r\nBig: {big}\r\nNats-Msg-Id: m1\r\n\r\n";
        var payload = "data";
        var bytes = Encoding.UTF8.GetBytes($"HMSG s 3 {headers.Length} {headers.Length + payload.Length}\r\n{headers}{payload}\r\n");
        var handler = new HeaderCapture();
        var buffer = Segments.Create(bytes[..100], bytes[100..10_000], bytes[10_000..]);

        Assert.True(ProtocolParser.TryParse(ref buffer, handler));

        Assert.Equal(big, handler.Headers!["Big"]);
        Assert.Equal("m1", handler.Headers["nats-msg-id"]);
        Assert.Equal("data", handler.Payload);
    }

    [Fact]
    public void status_headers_expose_code_and_description()
    {
        var block = Encoding.UTF8.GetBytes("NATS/1.0 404 No Messages\r\n\r\n");
        var headers = NatsHeaders.Parse(new ReadOnlySequence<byte>(block));
        Assert.Equal(404, headers.Code);
        Assert.Equal("No Messages", headers.Description);
        Assert.Equal(404, StatusLine.Code(new ReadOnlySequence<byte>(block)));
        Assert.Equal(100, NatsHeaders.Parse(new ReadOnlySequence<byte>("NATS/1.0 100 Idle Heartbeat\r\n\r\n"u8.ToArray())).Code);
    }

    [Fact]
    public void headers_written_for_hpub_parse_back_to_the_same_values()
    {
        var headers = new NatsHeaders { { "Nats-Msg-Id", "abc" }, { "X", "1" } };
        headers.Add("X", "2");
        var bytes = new byte[headers.SerializedLength()];
        Assert.Equal(bytes.Length, headers.WriteTo(bytes));

        var parsed = NatsHeaders.Parse(new ReadOnlySequence<byte>(bytes));

        Assert.Equal("abc", parsed["Nats-Msg-Id"]);
        Assert.Equal(["1", "2"], parsed.GetValues("X"));
    }

    [Theory]
    [InlineData("HELLO WORLD\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\n")]
    [InlineData("GARB")] // no line end yet: still refused from the first bytes
    [InlineData("MSG a\r\n")]
    [InlineData("MSG a b 3\r\nxyz\r\n")]
    [InlineData("MSG a 1 -3\r\n")]
    [InlineData("MSG a 1 3\r\nxyzAB")]
    [InlineData("HMSG a 1 10 5\r\n")]
    public void bytes_that_are_not_the_protocol_fail_with_a_clear_error(string garbage)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(garbage));
        var error = Assert.Throws<NatsProtocolException>(() => { while (ProtocolParser.TryParse(ref buffer, new RecordingHandler())) { } });
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void a_control_line_without_end_beyond_the_limit_fails()
    {
        var bytes = Encoding.UTF8.GetBytes("INFO " + new string('x', ProtocolParser.MaxControlLine + 10));
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Throws<NatsProtocolException>(() => ProtocolParser.TryParse(ref buffer, new RecordingHandler()));
    }

    [Fact]
    public void an_incomplete_payload_waits_without_consuming()
    {
        var buffer = new ReadOnlySequence<byte>("MSG a 1 10\r\nabc"u8.ToArray());
        var before = buffer.Length;
        Assert.False(ProtocolParser.TryParse(ref buffer, new RecordingHandler()));
        Assert.Equal(before, buffer.Length);
    }

    [Fact]
    public void parsing_messages_allocates_nothing()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 500; i++) sb.Append($"MSG orders.{i % 10} 12 _INBOX.abc.{i} 5\r\nhello\r\nPING\r\n");
        sb.Append("HMSG s 3 16 19\r\nNATS/1.0 503\r\n\r\nabc\r\n");
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        var handler = new CountingHandler();
        Parse(bytes, handler); // warm-up (JIT)

        var before = GC.GetAllocatedBytesForCurrentThread();
        Parse(bytes, handler);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2 * 1001, handler.Msgs);
        Assert.Equal(0, allocated);

        static void Parse(byte[] bytes, CountingHandler handler)
        {
            var buffer = new ReadOnlySequence<byte>(bytes);
            while (ProtocolParser.TryParse(ref buffer, handler)) { }
        }
    }
}
