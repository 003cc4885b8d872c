using System.Diagnostics;

namespace Flux.Deploy.Tests;

/// <summary>The outside tools the checks run, in the checkout under test (<see cref="Repository"/>).</summary>
public static class Tool
{
    /// <summary>
    /// Runs a tool to the end. A missing tool fails the test with how to install it (scripts/test does), never
    /// skips it: a check that cannot run has not passed.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, string installHint, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is not installed ({e.Message}): {installHint}", e);
        }
        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output + await errors);
        }
    }
}
