namespace Flux.Benchmarks.Http;

/// <summary>
/// One load wrk puts on a server: the Lua script that makes its requests, how many connections send them,
/// and how many events one request carries. Every benchmark that needs Flux's requests takes them from here.
/// </summary>
internal sealed record HttpLoad(string Script, int Connections, int EventsPerRequest = 1)
{
    /// <summary>Connections for single requests: enough to keep both cores busy with one request in flight each.</summary>
    public const int SingleRequestConnections = 64;

    /// <summary>Single-event POSTs to distinct entities, as many agents would publish.</summary>
    public static readonly HttpLoad PublishSingle = PublishTo("/api/events");

    /// <summary>100 events a request, each for one of 10,000 entities; bodies built once, then cycled.</summary>
    public static readonly HttpLoad PublishBatch = new("""
        bodies = {}
        for b = 1, 64 do
          local events = {}
          for i = 1, 100 do
            events[i] = '{"stream":"sensors","source":"agent-' .. (i % 16) .. '","payload":{"entity_id":"batch/e-' .. math.random(1, 10000) .. '","properties":{"temperature":' .. i .. ',"status":"ok"}}}'
          end
          bodies[b] = '{"events":[' .. table.concat(events, ",") .. ']}'
        end
        counter = 0
        request = function()
          counter = counter + 1
          return wrk.format("POST", "/api/events/batch", {["Content-Type"]="application/json"}, bodies[(counter % 64) + 1])
        end
        """, Connections: 16, EventsPerRequest: 100);

    /// <summary>Reads of the 1,000 entities <see cref="PublishSingle"/> and <see cref="ReadEntitiesBatch"/> write.</summary>
    public static readonly HttpLoad GetEntity = new("""
        request = function()
          return wrk.format("GET", "/api/state/entities/bench%2Fe-" .. math.random(1, 1000))
        end
        """, SingleRequestConnections);

    /// <summary>
    /// One batch that writes every entity <see cref="GetEntity"/> reads: a short run of single POSTs leaves some
    /// of them unwritten, and a 404 is a cheaper read than a found entity.
    /// </summary>
    public static string ReadEntitiesBatch =>
        "{\"events\":["
        + string.Join(",", Enumerable.Range(1, 1000).Select(i =>
            "{\"stream\":\"sensors\",\"source\":\"agent-1\",\"payload\":{\"entity_id\":\"bench/e-" + i
            + "\",\"properties\":{\"temperature\":22.5,\"status\":\"ok\"}}}"))
        + "]}";

    /// <summary>
    /// Single-event POSTs to <paramref name="path"/>; each event is for one of 1,000 entities
    /// (<c>payload.entity_id</c>), so reads after it hit existing ones.
    /// </summary>
    public static HttpLoad PublishTo(string path) => new($"path = \"{path}\"\n" + """
        counter = 0
        request = function()
          counter = counter + 1
          local body = '{"stream":"sensors","source":"agent-' .. (counter % 16) .. '","payload":{"entity_id":"bench/e-' .. math.random(1, 1000) .. '","properties":{"temperature":22.5,"status":"ok"}}}'
          return wrk.format("POST", path, {["Content-Type"]="application/json"}, body)
        end
        """, SingleRequestConnections);
}
