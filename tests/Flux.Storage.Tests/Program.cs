namespace Flux.Storage.Tests;

/// <summary>
/// Entry point when this assembly is run as a process rather than by the test host:
/// <c>append-until-killed DIR</c> (the crash test's child) and <c>measure DIR</c> (append throughput).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args) => args switch
    {
        ["append-until-killed", var directory] => await AppendUntilKilled.RunAsync(directory),
        ["measure", var directory] => await AppendThroughput.RunAsync(directory),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Flux.Storage.Tests (append-until-killed | measure) DIRECTORY");
        return 2;
    }
}
