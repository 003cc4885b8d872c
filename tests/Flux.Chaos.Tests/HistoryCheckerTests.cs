namespace Flux.Chaos.Tests;

/// <summary>The checker's rules on small made-up histories: each anomaly is found, a sound history has none.</summary>
public sealed class HistoryCheckerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static Write Acked(string value, long invoked, long completed) => new("e", value, invoked, completed, WriteOutcome.Acknowledged);

    private static Write Unknown(string value, long invoked, long completed) => new("e", value, invoked, completed, WriteOutcome.Unknown);

    private static Read Saw(string? value, long invoked, long completed) => new("e", value, invoked, completed);

    /// <summary>The entity's log: one message per value, each extending the one before, by silo-a unless named.</summary>
    private static List<LoggedEvent> Log(params string[] values) =>
        [.. values.Select((value, i) => new LoggedEvent("e", value, 10 + i, i == 0 ? null : 9 + i, "host/100", Noon.AddSeconds(i)))];

    private static History Of(IEnumerable<Write> writes, IEnumerable<Read> reads, List<LoggedEvent> log, string? final = "__last__",
        IReadOnlyList<DeclaredDead>? dead = null, IReadOnlyList<string>? wrong = null) =>
        new([.. writes], [.. reads], new Dictionary<string, IReadOnlyList<LoggedEvent>> { ["e"] = log },
            new Dictionary<string, string?> { ["e"] = final == "__last__" ? log.LastOrDefault()?.Value : final }, dead ?? [], wrong ?? []);

    [Fact]
    public void a_sound_history_with_concurrent_writes_and_an_unknown_outcome_has_no_anomaly()
    {
        var history = Of(
            [Acked("a", 0, 10), Acked("b", 5, 12), Unknown("c", 20, 40), Unknown("x", 21, 41), Acked("d", 50, 60)],
            [Saw(null, 0, 1), Saw("a", 8, 11), Saw("b", 13, 14), Saw("c", 30, 45), Saw("d", 61, 62)],
            Log("a", "b", "c", "d"));

        Assert.Empty(HistoryChecker.Check(history));
    }

    [Fact]
    public void an_acknowledged_write_missing_from_the_log_is_an_anomaly()
    {
        var anomaly = Assert.Single(HistoryChecker.Check(Of([Acked("a", 0, 10), Acked("b", 20, 30)], [], Log("a"))));
        Assert.Contains("acknowledged write of b is not in the log", anomaly);
    }

    [Fact]
    public void a_value_stored_twice_is_an_anomaly()
    {
        var anomaly = Assert.Single(HistoryChecker.Check(Of([Acked("a", 0, 10)], [], Log("a", "a"))));
        Assert.Contains("value a is stored twice", anomaly);
    }

    [Fact]
    public void a_read_older_than_an_acknowledged_write_is_time_travel()
    {
        var anomaly = Assert.Single(HistoryChecker.Check(Of([Acked("a", 0, 10), Acked("b", 20, 30)], [Saw("a", 31, 35)], Log("a", "b"))));
        Assert.Contains("a read returned a (log position 0) after the acknowledged write of b (log position 1) had completed: time travel", anomaly);
    }

    [Fact]
    public void a_read_older_than_an_earlier_read_is_time_travel_even_when_the_write_was_not_acknowledged()
    {
        var anomaly = Assert.Single(HistoryChecker.Check(Of([Acked("a", 0, 10), Unknown("b", 20, 30)], [Saw("b", 31, 32), Saw("a", 33, 34)], Log("a", "b"))));
        Assert.Contains("after the read of b (log position 1) had completed: time travel", anomaly);
    }

    [Fact]
    public void a_read_of_nothing_after_an_acknowledged_write_is_time_travel()
    {
        var anomaly = Assert.Single(HistoryChecker.Check(Of([Acked("a", 0, 10)], [Saw(null, 11, 12)], Log("a"))));
        Assert.Contains("a read returned nothing (log position -1)", anomaly);
    }

    [Fact]
    public void a_read_of_a_value_the_log_does_not_hold_is_an_anomaly()
    {
        var anomaly = Assert.Single(HistoryChecker.Check(Of([Acked("a", 0, 10), Unknown("b", 11, 20)], [Saw("b", 15, 16)], Log("a"))));
        Assert.Contains("a read returned b, which the log does not hold", anomaly);
    }

    [Fact]
    public void a_write_stored_before_one_acknowledged_before_it_was_sent_is_an_anomaly()
    {
        var anomaly = Assert.Single(HistoryChecker.Check(Of([Acked("a", 0, 10), Acked("b", 20, 30)], [], Log("b", "a"))));
        Assert.Contains("the write of b is stored at log position 0, before the acknowledged write of a (log position 1)", anomaly);
    }

    [Fact]
    public void an_append_that_did_not_extend_the_previous_message_is_an_interleaving()
    {
        var log = Log("a", "b", "c");
        log[2] = log[2] with { After = log[0].Sequence, AppendedBy = "host/200" };

        var anomaly = Assert.Single(HistoryChecker.Check(Of([Acked("a", 0, 1), Acked("b", 2, 3), Acked("c", 4, 5)], [], log)));
        Assert.Contains("the append at sequence 12 by host/200 extended sequence 10, but the entity's previous message is 11: two writers interleaved", anomaly);
    }

    [Fact]
    public void a_final_state_other_than_the_fold_of_the_log_is_an_anomaly()
    {
        var anomaly = Assert.Single(HistoryChecker.Check(Of([Acked("a", 0, 1), Unknown("b", 2, 3)], [], Log("a", "b"), final: "a")));
        Assert.Contains("the final state shows a but the fold of the log is b", anomaly);
    }

    [Fact]
    public void an_append_by_a_silo_after_it_was_declared_dead_is_a_zombie_write()
    {
        var log = Log("a", "b");
        var anomaly = Assert.Single(HistoryChecker.Check(Of([Acked("a", 0, 1), Unknown("b", 2, 3)], [], log,
            dead: [new DeclaredDead("host/100", Noon.AddSeconds(0.5))])));
        Assert.Contains("host/100 appended b", anomaly);
        Assert.Contains("after the cluster declared it dead", anomaly);
    }

    [Fact]
    public void a_wrong_answer_seen_by_a_client_is_an_anomaly()
    {
        var anomaly = Assert.Single(HistoryChecker.Check(Of([], [], [], wrong: ["POST /api/events answered 500"])));
        Assert.Equal("wrong answer: POST /api/events answered 500", anomaly);
    }
}
