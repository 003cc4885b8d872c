// ConnectorGrain: the poller of one connector for one owner (docs/connectors.md).
//
// Exactly one activation in the cluster polls: Orleans keeps one activation per key, and an Orleans reminder
// (durable in PostgreSQL in the cluster) brings the grain back on another silo after the one holding it dies. The
// reminder only keeps the grain alive; the polls run on a grain timer at the connector's interval, so a poll
// never waits on the reminder service's minute-scale resolution.
//
// A poll reads the owner's credentials, asks the connector what it sees (conditional requests make an unchanged
// service cost nothing), and for each entity it saw compares the observed properties with the entity's state:
// only properties whose value changed are published, as one ordinary event per entity, through the entity grain
// like any publish. What the poll ended with is kept for the connector API (last_poll, last_error, status).
using System.Text.Json;
using Flux.Connectors;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flux.Grains;

[GrainType("connector")]
public sealed partial class ConnectorGrain(
    IEnumerable<IConnector> connectors,
    CredentialVault vault,
    ICredentialRenewal renewal,
    EventIdGenerator eventIds,
    IOptions<ConnectorOptions> options,
    IWritePolicy writes,
    FluxGrains grains,
    IAcceptedEventCounter accepted,
    TimeProvider time,
    ILogger<ConnectorGrain> logger) : Grain, IConnectorGrain, IRemindable
{
    private const string KeepPolling = "keep-polling";

    /// <summary>An OAuth access token that expires sooner than this is renewed before a poll uses it.</summary>
    private static readonly TimeSpan RenewAhead = TimeSpan.FromMinutes(1);

    /// <summary>How many entities a poll reads and writes at once.</summary>
    private const int EntitiesInFlight = 32;

    private string _owner = "";
    private IConnector? _connector;
    private IConnectorPoller? _poller;
    private string? _pollerToken;
    private IGrainTimer? _timer;
    private DateTimeOffset _rateLimitedUntil;
    private ConnectorStatus _status = new(null, null, false);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_owner, var name) = ConnectorKey.Parse(this.GetPrimaryKeyString());
        _connector = connectors.FirstOrDefault(c => c.Name == name);
        // A registered reminder means this poller runs: after a failover the first call (a status read, the reminder's
        // tick) brings it back polling at once, and a status read then shows a poll within one poll's time.
        try
        {
            if (_connector is not null && await this.GetReminder(KeepPolling) is not null)
                StartPolling();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReminderUnread(e, name, _owner); // the reminder's own tick starts the poller once its store answers
        }
    }

    public async Task StartAsync()
    {
        if (_connector is null)
            return; // a connector with nothing to poll yet (gmail, linkedin, calendar): credentials are only stored
        await this.RegisterOrUpdateReminder(KeepPolling, options.Value.RecoveryPeriod, options.Value.RecoveryPeriod);
        _poller = null; // new credentials: forget what the old ones saw
        StartPolling();
    }

    public async Task StopAsync()
    {
        // Credentials stored again after the delete that sent this stop (its store's start came first) keep it polling.
        if (_connector is not null && await CredentialsStoredAsync())
            return;
        await StopPollingAsync();
    }

    private async Task<bool> CredentialsStoredAsync()
    {
        try
        {
            return await vault.GetAsync(_owner, _connector!.Name) is not null;
        }
        catch (CredentialUnreadableException)
        {
            return true;
        }
    }

    private async Task StopPollingAsync()
    {
        if (await this.GetReminder(KeepPolling) is { } reminder)
            await this.UnregisterReminder(reminder);
        _timer?.Dispose();
        _timer = null;
        _poller = null;
        _status = new ConnectorStatus(null, null, false);
        DeactivateOnIdle();
    }

    public Task<ConnectorStatus> GetStatusAsync() => Task.FromResult(_status);

    /// <summary>The reminder's tick: after a failover, when nothing else called the grain, this activates it again, and so starts polling.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_timer is null && _connector is not null)
            StartPolling();
        return Task.CompletedTask;
    }

    private void StartPolling()
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(PollAsync, new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.PollInterval(_connector!.Name)) { KeepAlive = true });
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() < _rateLimitedUntil)
            return;
        try
        {
            var credentials = await vault.GetAsync(_owner, _connector!.Name, cancellationToken);
            if (credentials is null)
            {
                await StopPollingAsync(); // deleted while this activation was not told (a failover in between)
                return;
            }
            if (credentials.ExpiresAt is { } expiresAt && expiresAt - time.GetUtcNow() < RenewAhead)
            {
                var renewed = await renewal.RenewAsync(_connector.Name, credentials, cancellationToken);
                // Credentials deleted or stored anew while the provider answered stand; the next poll reads them.
                if (!await vault.ReplaceAsync(_owner, _connector.Name, credentials, renewed, cancellationToken))
                    return;
                credentials = renewed;
            }
            if (_poller is null || _pollerToken != credentials.AccessToken)
                (_poller, _pollerToken) = (_connector.CreatePoller(credentials.AccessToken), credentials.AccessToken);

            var started = time.GetTimestamp();
            var poll = await _poller.PollAsync(cancellationToken);
            var published = await PublishChangesAsync(poll.Entities);
            LogPolled(_connector.Name, _owner, poll.Requests, poll.NotModified, poll.Entities.Count, published, time.GetElapsedTime(started).TotalMilliseconds);
            Ended(null, credentialsRefused: false);
        }
        catch (ConnectorUnauthorizedException e)
        {
            Ended(e.Message, credentialsRefused: true);
        }
        catch (ConnectorRateLimitedException e)
        {
            _rateLimitedUntil = e.RetryAt;
            Ended(e.Message, credentialsRefused: false);
        }
        catch (CredentialUnreadableException e)
        {
            Ended(e.Message, credentialsRefused: true);
        }
        catch (CredentialRenewalException e)
        {
            Ended(e.Message, credentialsRefused: true); // the next poll tries to renew again
        }
        catch (ConnectorUnavailableException e)
        {
            Ended(e.Message, credentialsRefused: false);
        }
        catch (NamespaceGoneException e)
        {
            await StopPollingAsync();
            Ended(e.Message, credentialsRefused: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Flux's own side failed: the credential store, or an entity's silo (right after a failover, say). Its
            // message may name internal addresses, so the API shows a fixed one and the log has the details. What
            // was seen may not all be published, so the next poll reads everything again and compares.
            _poller = null;
            LogPublishFailed(e, _connector!.Name, _owner);
            Ended("Flux could not store what the poll saw; the next poll tries again", credentialsRefused: false);
        }
    }

    private void Ended(string? error, bool credentialsRefused)
    {
        _status = new ConnectorStatus(time.GetUtcNow(), error, credentialsRefused);
        if (error is not null)
            LogPollFailed(_connector!.Name, _owner, error);
    }

    /// <summary>
    /// Publishes, per entity seen, the properties whose values differ from its state; returns how many events. An
    /// owner namespace's writes are admitted by its rate limit like any publisher's; what the limit holds back is
    /// published by a later poll, which then reads everything again.
    /// </summary>
    private async Task<int> PublishChangesAsync(IReadOnlyList<ObservedEntity> observed)
    {
        var changes = new List<FluxEvent>();
        foreach (var chunk in observed.Chunk(EntitiesInFlight))
            changes.AddRange((await Task.WhenAll(chunk.Select(ChangeOfAsync))).OfType<FluxEvent>());

        var admitted = changes.Count;
        if (writes.AuthEnabled && changes.Count > 0)
        {
            var admission = await grains.Namespace(_owner).AdmitOwnWritesAsync(changes.Count, writes.RatePerMinute);
            if (admission.Verdict != WriteVerdict.Allowed)
                throw new NamespaceGoneException($"namespace '{_owner}' is not registered, so its connector stopped; store credentials again with its token");
            admitted = admission.Admitted;
            if (admitted < changes.Count)
            {
                _rateLimitedUntil = time.GetUtcNow().AddSeconds(admission.RetryAfterSeconds);
                _poller = null;
            }
        }
        foreach (var chunk in changes.Take(admitted).Chunk(EntitiesInFlight))
        {
            await Task.WhenAll(chunk.Select(e => grains.Entity(e.EntityId!).PublishAsync([e])));
            accepted.Record(Source, chunk.Length); // fresh event ids: none is a duplicate
        }
        if (admitted < changes.Count)
            throw new ConnectorRateLimitedException(
                $"namespace '{_owner}' is over its rate limit: {admitted} of {changes.Count} changes published, the rest at the next poll after {_rateLimitedUntil:O}",
                _rateLimitedUntil);
        return admitted;
    }

    /// <summary>The event that publishes what changed in <paramref name="observed"/>, or null when nothing did.</summary>
    private async Task<FluxEvent?> ChangeOfAsync(ObservedEntity observed)
    {
        // In auth mode the owner is always a namespace (one may be named "default"); in open mode there are none.
        var entityId = writes.AuthEnabled ? $"{_owner}/{observed.Id}" : observed.Id;
        var current = await grains.Entity(entityId).GetAsync();
        return PropertyChanges.Changed(current is null ? [] : current.Properties, observed.Properties) is { } changed
            ? Event(entityId, changed)
            : null;
    }

    /// <summary>The source of the events this connector publishes (docs/connectors.md).</summary>
    private string Source => $"connector/{_connector!.Name}";

    private FluxEvent Event(string entityId, byte[] properties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("entity_id"u8, entityId);
            writer.WritePropertyName("properties"u8);
            writer.WriteRawValue(properties, skipInputValidation: true);
            writer.WriteEndObject();
        }
        var payload = JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
        return new FluxEvent(eventIds.NewId(), $"connectors.{_connector!.Name}", Source,
            time.GetUtcNow().ToUnixTimeMilliseconds(), null, null, payload);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "connector {Connector} of {Owner} polled: {Requests} requests ({NotModified} not modified), {Observed} entities seen, {Published} published in {Milliseconds:0} ms")]
    private partial void LogPolled(string connector, string owner, int requests, int notModified, int observed, int published, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "connector {Connector} of {Owner}: the poll failed: {Error}")]
    private partial void LogPollFailed(string connector, string owner, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "connector {Connector} of {Owner}: whether it polls could not be read from its reminder")]
    private partial void LogReminderUnread(Exception exception, string connector, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "connector {Connector} of {Owner}: what the poll saw could not be stored")]
    private partial void LogPublishFailed(Exception exception, string connector, string owner);

    /// <summary>The owner namespace was deleted: its connector publishes nothing more and stops.</summary>
    private sealed class NamespaceGoneException(string message) : Exception(message);
}
