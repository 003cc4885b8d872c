using Flux.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flux.Storage.JetStream;

public static partial class JetStreamServiceCollectionExtensions
{
    /// <summary>
    /// Registers the cluster's event log (<see cref="JetStreamEventLog"/>) from configuration: FLUX_NATS_* and the
    /// retention settings. The stream is created or updated when the host starts; while NATS cannot be reached
    /// start-up keeps trying, saying so in the log. It hands states to the registered <see cref="IEntityIndexWriter"/>.
    /// </summary>
    public static IServiceCollection AddJetStreamEventLog(this IServiceCollection services)
    {
        services.AddSettings<JetStreamOptions, JetStreamOptionsValidator>();
        services.TryAddSingleton<Dependencies>();
        services.AddSettings<RetentionOptions, RetentionOptionsValidator>();
        services.AddSingleton(provider => new JetStreamEventLog(
            provider.GetRequiredService<IOptions<JetStreamOptions>>().Value,
            provider.GetRequiredService<IOptions<RetentionOptions>>().Value.Policy,
            provider.GetRequiredService<IEntityIndexWriter>(),
            provider.GetService<TimeProvider>()));
        services.AddSingleton<IEventLog>(provider => provider.GetRequiredService<JetStreamEventLog>());
        services.AddHostedService<JetStreamStartup>();
        return services;
    }

    /// <summary>A gateway's live changes, read from the log and the silos' relay (<see cref="JetStreamChangeFeed"/>).</summary>
    public static IServiceCollection AddJetStreamChangeFeed(this IServiceCollection services)
    {
        services.AddSingleton<ChangeStream>();
        services.AddHostedService<JetStreamChangeFeed>();
        return services;
    }

    /// <summary>A silo's changes that are not in the log, passed on to every gateway (<see cref="ChangeRelay"/>).</summary>
    public static IServiceCollection AddChangeRelay(this IServiceCollection services)
    {
        services.AddSingleton<ChangeStream>();
        services.AddHostedService<ChangeRelay>();
        return services;
    }

    /// <summary>
    /// Starts the log, trying again with backoff while NATS cannot be reached (saying so in the log and in
    /// <see cref="Dependencies"/>, which <c>/readyz</c> reads); then watches the log's connection every
    /// <see cref="ProbeInterval"/>, so <c>/readyz</c> names NATS while it is down and turns ready when it returns.
    /// </summary>
    private sealed partial class JetStreamStartup(JetStreamEventLog log, IOptions<JetStreamOptions> options, Dependencies dependencies,
        ILogger<JetStreamStartup> logger) : IHostedService
    {
        private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
        private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

        private readonly CancellationTokenSource _stopping = new();
        private Task _probe = Task.CompletedTask;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            dependencies.Expect(Dependencies.Nats);
            for (var backoff = TimeSpan.FromMilliseconds(250); ; backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks)))
            {
                try
                {
                    await log.StartAsync(cancellationToken);
                    break;
                }
                catch (StorageUnavailableException e)
                {
                    dependencies.Unreachable(Dependencies.Nats, e.Message);
                    LogWaiting(options.Value.Url, e.Message, backoff.TotalSeconds);
                    await Task.Delay(backoff, cancellationToken);
                }
            }
            dependencies.Reached(Dependencies.Nats);
            _probe = ProbeAsync(_stopping.Token);
        }

        private async Task ProbeAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(ProbeInterval);
            try
            {
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    if (log.ConnectionState == NATS.Client.Core.NatsConnectionState.Open)
                        dependencies.Reached(Dependencies.Nats);
                    else
                        dependencies.Unreachable(Dependencies.Nats, $"NATS at {options.Value.Url} is not connected ({log.ConnectionState})");
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await _stopping.CancelAsync();
            await _probe;
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "waiting for NATS at {Url}: {Reason}; trying again in {Seconds} s")]
        private partial void LogWaiting(string url, string reason, double seconds);
    }
}
