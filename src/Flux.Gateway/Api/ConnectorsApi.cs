using System.Text.Json;
using Flux.Connectors;
using Flux.Contract;
using Flux.Gateway.Configuration;
using Flux.Gateway.Connectors;
using Flux.Gateway.Documentation;
using Flux.Gateway.Http;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Api;

/// <summary>
/// Connector credentials (docs/api.md §6.10): which connectors are configured, personal access tokens, and the OAuth
/// authorization-code flow. Credentials belong to an owner: <c>default</c> in open mode, the bearer token's namespace in
/// auth mode. Storing them starts the connector's poller (<see cref="IConnectorGrain"/>), deleting them stops it.
/// Tokens are sealed by <see cref="CredentialVault"/>; no answer and no log line ever carries one.
/// </summary>
public static partial class ConnectorsApi
{
    private const string Tag = "Connectors";
    private const string StoreUnavailable = "Credential storage not available (FLUX_ENCRYPTION_KEY not set)";
    private const string SendToken = "send {\"token\": \"<personal access token>\"}";

    public static IEndpointRouteBuilder MapConnectorsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/connectors", ListAsync)
            .WithTags(Tag)
            .WithSummary("The four connectors and whether the owner has credentials for each")
            .Produces<ConnectorList>()
            .ProducesErrors(401);
        routes.MapGet("/api/connectors/{name}", DescribeAsync)
            .WithTags(Tag)
            .WithSummary("One connector: configured or not, its poll interval, and its last poll when known")
            .Produces<ConnectorDetails>()
            .ProducesErrors(401, 404);
        routes.MapPost("/api/connectors/{name}/token", StoreTokenAsync)
            .WithTags(Tag)
            .WithSummary("Store a personal access token for the connector, replacing any credentials, and start polling")
            .AcceptsJson<TokenRequest>()
            .Produces<SuccessAnswer>()
            .ProducesErrors(400, 401, 404, 413, 500);
        routes.MapDelete("/api/connectors/{name}/token", DeleteTokenAsync)
            .WithTags(Tag)
            .WithSummary("Delete the connector's credentials and stop polling")
            .Produces<SuccessAnswer>()
            .ProducesErrors(401, 404, 500);
        routes.MapGet("/api/connectors/{name}/oauth/start", StartOAuthAsync)
            .WithTags(Tag)
            .WithSummary("Begin OAuth: a 307 redirect to the provider's consent page (exists while the credential store is available)")
            .Produces(307)
            .ProducesErrors(401, 404, 500);
        routes.MapGet("/api/connectors/{name}/oauth/callback", CompleteOAuthAsync)
            .WithTags(Tag)
            .WithSummary("The provider's redirect target: exchanges the code for tokens and stores them")
            .WithQueryParameter("code", "The authorization code")
            .WithQueryParameter("state", "The state issued by oauth/start")
            .WithQueryParameter("error", "The provider's refusal")
            .WithQueryParameter("error_description", "The provider's explanation of the refusal")
            .Produces<OAuthConnectedAnswer>()
            .ProducesErrors(400, 401, 404, 500, 502);
        return routes;
    }

    private static async Task ListAsync(HttpContext context, ConnectorOwner owners, CredentialVault vault)
    {
        var owner = await owners.ResolveOrRejectAsync(context);
        if (owner is null)
            return;
        var configured = vault.Available
            ? (await vault.ListAsync(context.RequestAborted)).Where(pair => pair.Owner == owner).Select(pair => pair.Connector).ToHashSet(StringComparer.Ordinal)
            : [];
        await JsonResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("connectors");
            foreach (var connector in KnownConnectors.All)
            {
                var enabled = configured.Contains(connector.Name);
                w.WriteStartObject();
                w.WriteString("name", connector.Name);
                w.WriteBoolean("enabled", enabled);
                w.WriteString("status", enabled ? "configured" : "not_configured");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task DescribeAsync(HttpContext context, string name, ConnectorOwner owners, CredentialVault vault, IGrainFactory grains,
        IOptions<ConnectorOptions> polling, ILogger<ConnectorOwner> logger)
    {
        if (await KnownOrRejectAsync(context, name) is not { } connector)
            return;
        var owner = await owners.ResolveOrRejectAsync(context);
        if (owner is null)
            return;

        var status = "not_configured";
        ConnectorStatus? poller = null;
        if (vault.Available)
        {
            try
            {
                if (await vault.GetAsync(owner, connector.Name, context.RequestAborted) is not null)
                    status = "configured";
            }
            catch (CredentialUnreadableException)
            {
                status = "error";
            }
            if (status != "not_configured")
            {
                try
                {
                    poller = await grains.GetGrain<IConnectorGrain>(ConnectorKey.Of(owner, connector.Name)).GetStatusAsync();
                }
                catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
                {
                    // The answer is still right without the poller's figures; they are optional in the contract.
                    LogPollerUnreachable(logger, connector.Name, e.GetType().Name);
                }
                if (poller is { CredentialsRefused: true })
                    status = "error";
            }
        }

        await JsonResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", connector.Name);
            w.WriteBoolean("enabled", status != "not_configured");
            w.WriteString("status", status);
            w.WriteNumber("poll_interval_seconds", polling.Value.PollSeconds(connector.Name) ?? connector.PollIntervalSeconds);
            if (poller?.LastPoll is { } lastPoll)
                w.WriteString("last_poll", ServerTime.Format(lastPoll));
            if (poller?.LastError is { } lastError)
                w.WriteString("last_error", lastError);
            w.WriteEndObject();
        });
    }

    /// <summary>Steps 1–3 of storing or deleting credentials: a known connector, the store available, the caller's owner.</summary>
    private static async Task<(KnownConnector Connector, string Owner)?> CredentialsTargetOrRejectAsync(HttpContext context, string name,
        ConnectorOwner owners, CredentialVault vault)
    {
        if (await KnownOrRejectAsync(context, name) is not { } connector)
            return null;
        if (!vault.Available)
        {
            await JsonResponse.ErrorAsync(context, 500, StoreUnavailable);
            return null;
        }
        return await owners.ResolveOrRejectAsync(context) is { } owner ? (connector, owner) : null;
    }

    private static async Task StoreTokenAsync(HttpContext context, string name, ConnectorOwner owners, CredentialVault vault, IGrainFactory grains,
        ILogger<ConnectorOwner> logger)
    {
        if (await CredentialsTargetOrRejectAsync(context, name, owners, vault) is not { } target)
            return;
        var (connector, owner) = target;
        var body = await RequestBody.ReadOrRejectAsync(context, RequestBody.DefaultLimit);
        if (body is null)
            return;
        if (TokenFrom(body, out var problem) is not { } token)
        {
            await JsonResponse.ErrorAsync(context, 400, problem!);
            return;
        }
        try
        {
            await vault.PutAsync(owner, connector.Name, new ConnectorCredentials(token, null, null), context.RequestAborted);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogStoreFailed(logger, connector.Name, owner, e.GetType().Name);
            await JsonResponse.ErrorAsync(context, 500, "Failed to store credentials");
            return;
        }
        if (!await StartPollerOrRejectAsync(context, grains, owner, connector, logger))
            return;
        await WriteSuccessAsync(context);
    }

    private static async Task DeleteTokenAsync(HttpContext context, string name, ConnectorOwner owners, CredentialVault vault, IGrainFactory grains,
        ILogger<ConnectorOwner> logger)
    {
        if (await CredentialsTargetOrRejectAsync(context, name, owners, vault) is not { } target)
            return;
        var (connector, owner) = target;
        bool deleted;
        try
        {
            deleted = await vault.DeleteAsync(owner, connector.Name, context.RequestAborted);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogStoreFailed(logger, connector.Name, owner, e.GetType().Name);
            await JsonResponse.ErrorAsync(context, 500, "Failed to delete credentials");
            return;
        }
        if (!deleted)
        {
            await JsonResponse.ErrorAsync(context, 404, $"No credentials found for connector '{connector.Name}'");
            return;
        }
        try
        {
            await grains.GetGrain<IConnectorGrain>(ConnectorKey.Of(owner, connector.Name)).StopAsync();
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The poller finds no credentials at its next poll and stops by itself.
            LogPollerUnreachable(logger, connector.Name, e.GetType().Name);
        }
        await WriteSuccessAsync(context);
    }

    private static async Task StartOAuthAsync(HttpContext context, string name, ConnectorOwner owners, CredentialVault vault,
        ICredentialStore store, IOptions<OAuthOptions> oauth, [FromServices] TimeProvider time)
    {
        if (!vault.Available)
        {
            await JsonResponse.ErrorAsync(context, 404, "Not found");
            return;
        }
        if (await KnownOrRejectAsync(context, name) is not { } connector)
            return;
        var owner = await owners.ResolveOrRejectAsync(context);
        if (owner is null)
            return;
        if (oauth.Value.AppFor(connector) is not { } app)
        {
            await NotConfiguredAsync(context, connector);
            return;
        }
        var redirectUri = oauth.Value.RedirectUri(connector);
        var state = NamespaceToken.NewToken();
        await store.IssueStateAsync(new OAuthState(state, connector.Name, owner, redirectUri, time.GetUtcNow()), context.RequestAborted);
        var location = connector.AuthorizeUrl
            + "?client_id=" + Uri.EscapeDataString(app.ClientId)
            + "&redirect_uri=" + Uri.EscapeDataString(redirectUri)
            + "&scope=" + Uri.EscapeDataString(string.Join(' ', connector.Scopes))
            + "&state=" + Uri.EscapeDataString(state)
            + "&response_type=code";
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = location;
    }

    private static async Task CompleteOAuthAsync(HttpContext context, string name, CredentialVault vault, ICredentialStore store,
        IOptions<OAuthOptions> oauth, OAuthTokenEndpoint exchange, IGrainFactory grains, ILogger<ConnectorOwner> logger)
    {
        if (!vault.Available)
        {
            await JsonResponse.ErrorAsync(context, 404, "Not found");
            return;
        }
        if (await KnownOrRejectAsync(context, name) is not { } connector)
            return;
        var query = context.Request.Query;
        if (query["error"].ToString() is { Length: > 0 } error)
        {
            var description = query["error_description"].ToString();
            await JsonResponse.ErrorAsync(context, 400,
                $"OAuth authorization failed: {error} - {(description.Length > 0 ? description : "Unknown error")}");
            return;
        }
        if (query["code"].ToString() is not { Length: > 0 } code)
        {
            await JsonResponse.ErrorAsync(context, 400, "Missing 'code' parameter");
            return;
        }
        if (query["state"].ToString() is not { Length: > 0 } stateText)
        {
            await JsonResponse.ErrorAsync(context, 400, "Missing 'state' parameter");
            return;
        }
        var state = await store.TakeStateAsync(stateText, context.RequestAborted);
        if (state is null)
        {
            await JsonResponse.ErrorAsync(context, 401, "Invalid or expired OAuth state (possible CSRF attack)");
            return;
        }
        if (state.Connector != connector.Name)
        {
            await JsonResponse.ErrorAsync(context, 400, "Connector name mismatch");
            return;
        }
        if (oauth.Value.AppFor(connector) is not { } app)
        {
            await NotConfiguredAsync(context, connector);
            return;
        }
        ConnectorCredentials credentials;
        try
        {
            credentials = await exchange.ExchangeAsync(app, code, state.RedirectUri, context.RequestAborted);
        }
        catch (OAuthExchangeException e)
        {
            LogExchangeFailed(logger, connector.Name, e.Message);
            await JsonResponse.ErrorAsync(context, 502, $"Failed to exchange authorization code: {e.Message}");
            return;
        }
        try
        {
            await vault.PutAsync(state.Owner, connector.Name, credentials, context.RequestAborted);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogStoreFailed(logger, connector.Name, state.Owner, e.GetType().Name);
            await JsonResponse.ErrorAsync(context, 500, "Failed to store credentials");
            return;
        }
        if (!await StartPollerOrRejectAsync(context, grains, state.Owner, connector, logger))
            return;
        await JsonResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("success", true);
            w.WriteString("message", $"Successfully connected {connector.Name}");
            w.WriteString("connector", connector.Name);
            w.WriteEndObject();
        });
    }

    private static async Task<KnownConnector?> KnownOrRejectAsync(HttpContext context, string name)
    {
        if (KnownConnectors.Find(name) is { } connector)
            return connector;
        await JsonResponse.ErrorAsync(context, 404, $"Connector '{name}' not found");
        return null;
    }

    private static Task NotConfiguredAsync(HttpContext context, KnownConnector connector) =>
        JsonResponse.ErrorAsync(context, 500,
            $"OAuth not configured for connector '{connector.Name}'. Set {connector.SettingPrefix}_CLIENT_ID and {connector.SettingPrefix}_CLIENT_SECRET environment variables.");

    /// <summary>The token of <c>{"token": "…"}</c>, or null with a message saying what to send.</summary>
    private static string? TokenFrom(byte[] body, out string? problem)
    {
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                problem = $"The body must be a JSON object: {SendToken}";
            else if (!root.TryGetProperty("token", out var token))
                problem = $"Missing 'token': {SendToken}";
            else if (token.ValueKind != JsonValueKind.String)
                problem = $"'token' must be a string: {SendToken}";
            else if (token.GetString() is not { } text || string.IsNullOrWhiteSpace(text))
                problem = $"'token' is empty: {SendToken}";
            else
                return text;
        }
        catch (JsonException)
        {
            problem = $"The body is not valid JSON: {SendToken}";
        }
        return null;
    }

    /// <summary>
    /// Starts the poller of credentials just stored; when its silo cannot be reached, answers 503: storing them again
    /// replaces them and starts it, and nothing else would start it.
    /// </summary>
    private static async Task<bool> StartPollerOrRejectAsync(HttpContext context, IGrainFactory grains, string owner, KnownConnector connector, ILogger logger)
    {
        try
        {
            await grains.GetGrain<IConnectorGrain>(ConnectorKey.Of(owner, connector.Name)).StartAsync();
            return true;
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogPollerUnreachable(logger, connector.Name, e.GetType().Name);
            await JsonResponse.ErrorAsync(context, 503, $"The credentials are stored but the {connector.Name} poller could not be started; store them again");
            return false;
        }
    }

    private static Task WriteSuccessAsync(HttpContext context) =>
        JsonResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("success", true);
            w.WriteEndObject();
        });

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "the poller of connector {Connector} could not be reached: {Failure}")]
    private static partial void LogPollerUnreachable(ILogger logger, string connector, string failure);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "the credentials of connector {Connector} for {Owner} could not be stored: {Failure}")]
    private static partial void LogStoreFailed(ILogger logger, string connector, string owner, string failure);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "the OAuth code of connector {Connector} could not be exchanged: {Detail}")]
    private static partial void LogExchangeFailed(ILogger logger, string connector, string detail);
}
