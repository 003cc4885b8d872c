namespace Flux.Storage.Tests;

/// <summary>
/// What every profile's credential store does alike (docs/api.md §6.10): the embedded store
/// (<see cref="CredentialStoreTests"/>) and PostgreSQL (Flux.Storage.Postgres.Tests) each derive from this and say how
/// a store is opened on a clock and how it is reopened, as a restart or another gateway would.
/// </summary>
public abstract class CredentialStoreContract
{
    protected static readonly DateTimeOffset Start = new DateTimeOffset(2026, 2, 25, 9, 0, 0, TimeSpan.Zero).AddTicks(1230);

    protected MovableTime Clock { get; } = new(Start);

    protected abstract ICredentialStore Store { get; }

    /// <summary>A second store over the same data: a restarted process, or another gateway.</summary>
    protected abstract Task<ICredentialStore> ReopenAsync();

    private static OAuthState State(string state, string connector = "github", string owner = "default") =>
        new(state, connector, owner, $"http://localhost:3000/api/connectors/{connector}/oauth/callback", Start);

    [Fact]
    public async Task a_stored_credential_reads_back_after_a_reopen_with_its_bytes_and_time()
    {
        await Store.PutAsync("default", "github", [1, 2, 0, 255], Start);

        var read = await (await ReopenAsync()).GetAsync("default", "github");

        Assert.NotNull(read);
        Assert.Equal([1, 2, 0, 255], read.SealedCredential);
        Assert.Equal(Start, read.UpdatedAt);
        Assert.Null(await Store.GetAsync("default", "gmail"));
        Assert.Null(await Store.GetAsync("other", "github"));
    }

    [Fact]
    public async Task putting_again_replaces_the_credential_of_that_owner_and_connector_only()
    {
        await Store.PutAsync("default", "github", [1], Start);
        await Store.PutAsync("team-a", "github", [2], Start);
        await Store.PutAsync("default", "github", [3], Start.AddMinutes(1));

        var replaced = await Store.GetAsync("default", "github");
        Assert.Equal([3], replaced!.SealedCredential);
        Assert.Equal(Start.AddMinutes(1), replaced.UpdatedAt);
        Assert.Equal([2], (await Store.GetAsync("team-a", "github"))!.SealedCredential);
    }

    [Fact]
    public async Task replace_swaps_a_credential_only_while_it_is_still_the_expected_one()
    {
        await Store.PutAsync("default", "github", [1], Start);

        Assert.True(await Store.ReplaceAsync("default", "github", [1], [2], Start.AddMinutes(1)));
        Assert.False(await Store.ReplaceAsync("default", "github", [1], [3], Start.AddMinutes(2))); // stored anew meanwhile
        var read = await Store.GetAsync("default", "github");
        Assert.Equal([2], read!.SealedCredential);
        Assert.Equal(Start.AddMinutes(1), read.UpdatedAt);

        await Store.DeleteAsync("default", "github");
        Assert.False(await Store.ReplaceAsync("default", "github", [2], [4], Start.AddMinutes(3))); // deleted meanwhile
        Assert.Null(await Store.GetAsync("default", "github"));
    }

    [Fact]
    public async Task delete_removes_a_credential_and_says_false_when_there_was_none()
    {
        await Store.PutAsync("default", "gmail", [1], Start);

        Assert.True(await Store.DeleteAsync("default", "gmail"));
        Assert.False(await Store.DeleteAsync("default", "gmail"));
        Assert.False(await Store.DeleteAsync("default", "linkedin"));
        Assert.Null(await Store.GetAsync("default", "gmail"));
    }

    [Fact]
    public async Task list_names_every_owner_and_connector_with_a_credential()
    {
        await Store.PutAsync("team-b", "calendar", [1], Start);
        await Store.PutAsync("default", "github", [1], Start);
        await Store.PutAsync("team-b", "github", [1], Start);
        await Store.PutAsync("gone", "gmail", [1], Start);
        await Store.DeleteAsync("gone", "gmail");

        Assert.Equal([("default", "github"), ("team-b", "calendar"), ("team-b", "github")], await Store.ListAsync());
    }

    [Fact]
    public async Task an_issued_state_is_taken_once_and_says_what_it_was_issued_for()
    {
        var issued = State("8f0f1e5e-0000-4000-8000-000000000001", "calendar", "team-a");
        await Store.IssueStateAsync(issued);

        Assert.Equal(issued, await Store.TakeStateAsync(issued.State));
        Assert.Null(await Store.TakeStateAsync(issued.State));
        Assert.Null(await Store.TakeStateAsync("never-issued"));
    }

    [Fact]
    public async Task an_issued_state_survives_a_reopen_and_another_store_cannot_take_it_again()
    {
        await Store.IssueStateAsync(State("state-across-restart"));

        var other = await ReopenAsync();

        Assert.NotNull(await other.TakeStateAsync("state-across-restart"));
        Assert.Null(await Store.TakeStateAsync("state-across-restart"));
    }

    [Fact]
    public async Task a_state_is_good_for_600_seconds_and_is_consumed_even_when_it_has_expired()
    {
        await Store.IssueStateAsync(State("fresh"));
        await Store.IssueStateAsync(State("stale"));

        Clock.Now = Start.AddSeconds(600);
        Assert.NotNull(await Store.TakeStateAsync("fresh"));
        Clock.Now = Start.AddSeconds(601);
        Assert.Null(await Store.TakeStateAsync("stale"));
        Clock.Now = Start;
        Assert.Null(await Store.TakeStateAsync("stale"));
    }

    [Fact]
    public async Task concurrent_takes_of_one_state_let_exactly_one_succeed()
    {
        await Store.IssueStateAsync(State("raced"));
        var second = await ReopenAsync();

        var takes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? Store : second).TakeStateAsync("raced")));

        Assert.Single(takes, taken => taken is not null);
    }
}

/// <summary>A clock a test moves by hand.</summary>
public sealed class MovableTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
