// Reference for `Flux.Benchmarks nats-publish`: the npm nats client on the same server.
// Pipelined: core publish with a reply inbox, PubAcks counted, at most `win` un-acked (the raw method,
// which measures the server rather than the client). Latency: `await js.publish()` one at a time. Both after a warm-up, as on the .NET side.
// usage: node js_bench.mjs <url> <count> <size> <window> <syncCount>
import { connect, StorageType, createInbox } from "nats";

const [url, countS, sizeS, winS, syncS] = process.argv.slice(2);
const [count, size, win, syncCount] = [countS, sizeS, winS, syncS].map(Number);
const nc = await connect({ servers: url });
const jsm = await nc.jetstreamManager();
const js = nc.jetstream();
const stream = "BENCH_NODE";
try { await jsm.streams.delete(stream); } catch {}
await jsm.streams.add({ name: stream, subjects: ["bench.node.>"], storage: StorageType.File });
const payload = new Uint8Array(size).fill(97);

const inbox = createInbox();
let acked = 0, sent = 0, target = 0, wake = null;
nc.subscribe(inbox, { callback: () => { acked++; if (wake && (sent - acked < win / 2 || acked === target)) { const w = wake; wake = null; w(); } } });
await nc.flush();

async function pipelined(n) {
  acked = 0; sent = 0; target = n;
  while (sent < n) {
    while (sent < n && sent - acked < win) { nc.publish("bench.node.e", payload, { reply: inbox }); sent++; }
    if (sent - acked >= win) await new Promise(r => (wake = r));
  }
  while (acked < n) await new Promise(r => (wake = r));
}

// warm-up, not measured
const warm = process.hrtime.bigint();
for (let round = 0; round < 3 || Number(process.hrtime.bigint() - warm) < 2e9; round++) {
  await pipelined(20000);
  for (let i = 0; i < 200; i++) await js.publish("bench.node.warm", payload);
  await jsm.streams.purge(stream);
}

// one at a time
const lat = [];
for (let i = 0; i < syncCount; i++) {
  const t = process.hrtime.bigint();
  await js.publish("bench.node.sync", payload);
  lat.push(Number(process.hrtime.bigint() - t) / 1000);
}
lat.sort((a, b) => a - b);
const pct = p => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))];
await jsm.streams.purge(stream);

// pipelined
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
await pipelined(count);
const s = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const stored = (await jsm.streams.info(stream)).state.messages;
console.log(JSON.stringify({
  msgs_per_s: Math.round(count / s), p50_us: Math.round(pct(0.5)), p99_us: Math.round(pct(0.99)),
  cpu_us_per_msg: (cpu.user + cpu.system) / count, stream_msgs: stored,
}));
await jsm.streams.delete(stream);
await nc.drain();
