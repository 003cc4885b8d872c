// The world view: namespaces, entities grouped by prefix, one entity with its history, live changes and the
// server's figures. It loads state over HTTP and then follows /api/ws (docs/api.md §10.1: subscribe first, then
// read, so nothing committed in between is missed). Live messages are queued and drawn once per animation frame.

import { $, el, valueText, parseServerTime, clockTime, dateTime, coalesced, throttled } from "./dom.js";
import { api, connectLive, token, HttpError } from "./api.js";
import { EntityTree } from "./tree.js";
import { Sparkline } from "./sparkline.js";

const DIRECTORY = "flux-core/directory";
const FEED_ROWS = 200;

const tree = new EntityTree();
const counted = (n, one, many = one + "s") => `${n} ${n === 1 ? one : many}`;
const throughput = new Sparkline($("#throughput"), { format: (v) => (v < 10 ? v.toFixed(1) : Math.round(v).toString()) });
const latency = new Sparkline($("#latency"), { format: (v) => Math.round(v).toString() });

let directory = null;
let selected = null; // { id, entity, history }
let pendingFeed = [];
let delays = [];
let retryTimer = null;

// ---- drawing, at most once a frame each -------------------------------------------------------------------------

const drawTree = coalesced(() => {
  const filter = $("#filter").value;
  const options = { onSelect: select, selected: selected?.id, redraw: drawTree };
  if (filter) tree.renderFiltered($("#tree"), filter, options);
  else tree.render($("#tree"), options);
  $("#entity-count").textContent = String(tree.all.size);
});

const drawDirectory = coalesced(() => {
  const properties = directory?.properties ?? {};
  const namespaces = Array.isArray(properties.namespaces) ? properties.namespaces : [];
  $("#directory-summary").textContent = directory
    ? `${counted(properties.total_entities ?? 0, "entity", "entities")}: ${counted(namespaces.length, "namespace")}, ${properties.unnamespaced_entities ?? 0} without one`
    : "";
  $("#namespaces").replaceChildren(...namespaces.map((ns) => el("li", {},
    el("button", { type: "button", class: "namespace", "data-namespace": ns.name, onclick: () => openNamespace(String(ns.name)) },
      el("span", { class: "name" }, String(ns.name)),
      el("span", { class: "count" }, String(ns.entity_count))))));
});

// Ten frames a second are more than anyone reads: the feed is drawn at most that often, in an animation frame.
const drawFeed = throttled(coalesced(() => {
  const feed = $("#feed");
  const rows = pendingFeed.slice(-FEED_ROWS).reverse().map((m) => el("li", { class: m.type, "data-entity": m.entity_id },
    el("time", {}, clockTime(parseServerTime(m.timestamp))),
    el("button", { type: "button", class: "entity", title: m.entity_id, onclick: () => select(m.entity_id) }, m.entity_id),
    m.type === "entity_deleted" ? el("span", { class: "deleted" }, "deleted")
      : el("span", { class: "change" }, el("span", { class: "property" }, m.property), " = ", el("span", { class: "value" }, valueText(m.value)))));
  pendingFeed = [];
  feed.prepend(...rows);
  while (feed.childElementCount > FEED_ROWS) feed.lastElementChild.remove();
}), 100);

const drawSparklines = coalesced(() => {
  throughput.draw();
  latency.draw();
});

const drawEntity = coalesced(() => {
  if (!selected) return;
  const { id, entity, history, error } = selected;
  $("#entity-title").textContent = id;
  $("#entity-updated").textContent = error ?? (entity ? `last updated ${dateTime(parseServerTime(entity.lastUpdated))}` : "not in state (deleted, or never set)");
  const properties = entity?.properties ?? {};
  $("#properties tbody").replaceChildren(...Object.keys(properties).sort().map((key) => el("tr", {},
    el("th", { scope: "row" }, key),
    el("td", {}, valueText(properties[key], 2000)))));
  $("#history-note").textContent = history ? `${history.length} newest first` : "";
  $("#timeline").replaceChildren(...(history ?? []).map((event) => {
    const changes = event.payload?.properties;
    const deleted = changes?.__deleted__ === true;
    return el("li", { class: deleted ? "tombstone" : "event", title: event.eventId },
      el("div", { class: "when" }, el("time", {}, dateTime(event.timestamp)), ` ${event.stream} · ${event.source}`),
      deleted ? el("div", { class: "deleted" }, "deleted")
        : el("ul", { class: "changes" }, ...Object.entries(changes && typeof changes === "object" ? changes : {}).map(([key, value]) =>
          el("li", {}, el("span", { class: "property" }, key), " = ", el("span", { class: "value" }, valueText(value))))));
  }));
  for (const button of document.querySelectorAll("#tree button.entity")) button.classList.toggle("selected", button.dataset.entity === id);
});

// New and deleted ids redraw the tree twice a second at most: it is sorted on every draw.
const drawTreeLive = throttled(drawTree, 500);

// ---- loading ----------------------------------------------------------------------------------------------------

async function loadWorld() {
  clearTimeout(retryTimer);
  try {
    const [dir, entities] = await Promise.all([api.directory(), api.entities()]);
    directory = dir;
    tree.clear();
    for (const entity of entities) tree.add(entity.id);
    notice(null);
    drawDirectory();
    drawTree();
    if (selected) await loadEntity(selected.id);
  } catch (error) {
    failed(error, loadWorld);
  }
}

async function select(id) {
  selected = { id, entity: null, history: null };
  drawEntity();
  await loadEntity(id);
}

async function loadEntity(id) {
  const [entity, history] = await Promise.allSettled([api.entity(id), api.history(id)]);
  if (selected?.id !== id) return;
  selected.entity = entity.status === "fulfilled" ? entity.value : null;
  selected.history = history.status === "fulfilled" ? history.value : [];
  const failure = [entity, history].find((r) => r.status === "rejected" && !(r.reason instanceof HttpError && r.reason.status === 404));
  selected.error = failure ? failure.reason.message : null;
  if (failure?.reason.status === 401) askForToken(failure.reason.message);
  drawEntity();
}

// The selected entity's history is read again after live changes to it, at most once a second.
let historyTimer = null;
function refreshSelectedSoon() {
  if (historyTimer) return;
  historyTimer = setTimeout(async () => {
    historyTimer = null;
    if (selected) await loadEntity(selected.id);
  }, 1000);
}

async function openNamespace(name) {
  $("#filter").value = "";
  tree.expanded.add(name + "/");
  drawTree();
  requestAnimationFrame(() => document.querySelector(`#tree button.group[data-prefix="${CSS.escape(name + "/")}"]`)?.scrollIntoView({ block: "nearest" }));
  // The registry answers only in auth mode (docs/api.md §6.8.2); in open mode its 404 says so.
  const detail = $("#namespace-detail");
  detail.replaceChildren(el("h3", {}, name));
  try {
    const found = await api.namespace(name);
    detail.append(el("p", {}, `registered ${dateTime(parseServerTime(found.createdAt))} as ${found.namespaceId}, ${counted(found.entityCount, "entity", "entities")}`));
  } catch (error) {
    detail.append(el("p", { class: "muted" }, error.message));
  }
}

function failed(error, retry) {
  if (error instanceof HttpError && error.status === 401) {
    askForToken(error.message);
    return;
  }
  const seconds = error instanceof HttpError && error.retryAfterSeconds > 0 ? error.retryAfterSeconds : 3;
  notice(`${error.message} (trying again in ${seconds} s)`);
  retryTimer = setTimeout(retry, seconds * 1000);
}

function notice(text) {
  const box = $("#notice");
  box.hidden = !text;
  box.textContent = text ?? "";
}

// ---- live messages ----------------------------------------------------------------------------------------------

function onMessage(message, receivedAt) {
  switch (message.type) {
    case "state_update":
      if (message.entity_id === DIRECTORY && directory) {
        directory.properties[message.property] = message.value;
        drawDirectory();
      }
      if (tree.add(message.entity_id)) drawTreeLive();
      if (delays.length < 10_000) delays.push(receivedAt - parseServerTime(message.timestamp));
      feed(message);
      break;
    case "entity_deleted":
      if (tree.remove(message.entity_id)) drawTreeLive();
      feed(message);
      break;
    case "metrics_update":
      metrics(message);
      break;
  }
}

function feed(message) {
  pendingFeed.push(message);
  if (pendingFeed.length > 4 * FEED_ROWS) pendingFeed = pendingFeed.slice(-FEED_ROWS);
  drawFeed();
  if (selected?.id === message.entity_id) {
    if (message.type === "state_update" && selected.entity) {
      selected.entity.properties[message.property] = message.value;
      selected.entity.lastUpdated = message.timestamp;
      drawEntity();
    }
    refreshSelectedSoon();
  }
}

function metrics(message) {
  $("#figure-entities").textContent = String(message.entities?.total ?? "–");
  $("#figure-events").textContent = String(message.events?.total ?? "–");
  $("#figure-publishers").textContent = String(message.publishers?.active ?? "–");
  $("#figure-watchers").textContent = String(message.websocket?.connections ?? "–");
  throughput.push(Number(message.events?.rate_per_second ?? 0));
  // metrics_update carries no latency: the page measures how late changes reach it, one median per interval.
  if (delays.length) {
    delays.sort((a, b) => a - b);
    latency.push(Math.max(0, delays[Math.floor(delays.length / 2)]));
  } else latency.push(null);
  delays = [];
  drawSparklines();
}

function liveState(state) {
  const status = $("#live-status");
  status.dataset.state = state;
  status.textContent = { connecting: "connecting", open: "live", closed: "reconnecting" }[state];
}

// ---- token ------------------------------------------------------------------------------------------------------

function askForToken(reason) {
  $("#token-reason").textContent = `The server answered: ${reason}. Give a token to send with the page's requests.`;
  openTokenDialog();
}

function openTokenDialog() {
  $("#token-input").value = token.get();
  const dialog = $("#token-dialog");
  if (!dialog.open) dialog.showModal();
}

function tokenChanged() {
  $("#token-dialog").close();
  $("#token-button").textContent = token.get() ? "Token ✓" : "Token";
  loadWorld();
}

$("#token-button").addEventListener("click", openTokenDialog);
$("#token-save").addEventListener("click", () => {
  const value = $("#token-input").value.trim();
  if (value) token.set(value);
  else token.clear();
  tokenChanged();
});
$("#token-forget").addEventListener("click", () => {
  token.clear();
  tokenChanged();
});
$("#token-close").addEventListener("click", () => $("#token-dialog").close());
$("#filter").addEventListener("input", drawTree);
$("#token-button").textContent = token.get() ? "Token ✓" : "Token";

connectLive({ onOpen: loadWorld, onMessage, onState: liveState });
// Without a socket (a proxy that refuses upgrades) the page still shows the world, without live changes.
setTimeout(() => directory ?? loadWorld(), 3000);
