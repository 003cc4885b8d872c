// Watches Flux's SignalR hub the way a node client does: node watch.mjs <base url> '<filter json>'.
// Prints one JSON line per event: {"event":"connected"|"reconnecting"|"reconnected"|"closed", …} or
// {"event":"message","method":…,"message":…}. Subscribes again after every reconnect, since filters
// belong to a connection.
import { HubConnectionBuilder, HttpTransportType, LogLevel } from "@microsoft/signalr";

const [baseUrl, filterJson] = process.argv.slice(2);
const filter = JSON.parse(filterJson);
const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");

const connection = new HubConnectionBuilder()
  .withUrl(new URL("api/hub", baseUrl).toString(), { transport: HttpTransportType.WebSockets, skipNegotiation: true })
  .withAutomaticReconnect([0, 200, 500, ...Array(30).fill(1000)])
  .configureLogging(LogLevel.None)
  .build();

for (const method of ["StateUpdate", "EntityDeleted", "Metrics"])
  connection.on(method, (message) => { print({ event: "message", method, message }); }); // returns nothing: a returned value would be sent as a client result
connection.onreconnecting((error) => print({ event: "reconnecting", error: error?.message ?? null }));
connection.onreconnected(async () => {
  await connection.invoke("Subscribe", filter);
  print({ event: "reconnected" });
});
connection.onclose((error) => print({ event: "closed", error: error?.message ?? null }));
process.on("SIGTERM", async () => {
  await connection.stop();
  process.exit(0);
});

await connection.start();
await connection.invoke("Subscribe", filter);
print({ event: "connected" });
