using Flux.Gateway.Publishing;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Flux.Gateway.Tests.Publishing;

public sealed class UnsentCallRetryTests
{
    private sealed class FailingCall(int failures, Func<Exception> failure)
    {
        public int Attempts { get; private set; }

        public Task<string> RunAsync()
        {
            Attempts++;
            return Attempts <= failures ? Task.FromException<string>(failure()) : Task.FromResult("applied");
        }
    }

    [Fact]
    public async Task a_call_that_could_not_connect_to_any_silo_is_sent_again_until_it_goes_through()
    {
        var call = new FailingCall(2, () => new ConnectionFailedException("Unable to connect to S127.0.0.1:11111"));

        Assert.Equal("applied", await UnsentCallRetry.RunAsync(call.RunAsync, TimeProvider.System));
        Assert.Equal(3, call.Attempts);
    }

    [Fact]
    public async Task a_call_refused_by_a_busy_silo_is_sent_again()
    {
        var call = new FailingCall(1, () => new GatewayTooBusyException());

        Assert.Equal("applied", await UnsentCallRetry.RunAsync(call.RunAsync, TimeProvider.System));
        Assert.Equal(2, call.Attempts);
    }

    [Fact]
    public async Task a_call_whose_silo_died_after_it_was_sent_is_not_sent_again_since_it_may_have_been_applied()
    {
        var call = new FailingCall(1, () => new SiloUnavailableException("The target silo became unavailable"));

        await Assert.ThrowsAsync<SiloUnavailableException>(() => UnsentCallRetry.RunAsync(call.RunAsync, TimeProvider.System));
        Assert.Equal(1, call.Attempts);
    }

    [Fact]
    public async Task a_call_timing_out_is_not_sent_again()
    {
        var call = new FailingCall(1, () => new TimeoutException("Response did not arrive on time"));

        await Assert.ThrowsAsync<TimeoutException>(() => UnsentCallRetry.RunAsync(call.RunAsync, TimeProvider.System));
        Assert.Equal(1, call.Attempts);
    }

    [Fact]
    public async Task a_call_that_never_goes_through_gives_up_after_the_last_pause_with_the_connection_failure()
    {
        var call = new FailingCall(int.MaxValue, () => new ConnectionFailedException("There are no available gateways."));

        await Assert.ThrowsAsync<ConnectionFailedException>(() => UnsentCallRetry.RunAsync(call.RunAsync, TimeProvider.System));
        Assert.Equal(UnsentCallRetry.Pauses.Length + 1, call.Attempts);
    }
}
