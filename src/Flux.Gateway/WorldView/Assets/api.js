// The page reads Flux through its public API, as any client does (docs/api.md §6). Reads are open in both modes
// (§7.3); a token, when the person gives one, goes with every request as `Authorization: Bearer` for deployments
// that guard reads in front of Flux. It lives in sessionStorage: this tab only, gone when it closes.

const TOKEN_KEY = "flux.token";

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY) ?? "",
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class HttpError extends Error {
  constructor(status, message, retryAfterSeconds) {
    super(message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

async function getJson(path) {
  const headers = {};
  const bearer = token.get();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const response = await fetch(path, { headers, cache: "no-store" });
  let body = null;
  try {
    body = await response.json();
  } catch {
    // an answer without a JSON body: the status says enough
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get("Retry-After")) || 0;
    throw new HttpError(response.status, body?.error ?? `${response.status} ${response.statusText}`, retryAfter);
  }
  return body;
}

// Paths are relative to the page (/world), so they resolve to /api/… on the server that served it.
export const api = {
  directory: () => getJson("api/state/entities/flux-core%2Fdirectory"),
  entities: () => getJson("api/state/entities"),
  entity: (id) => getJson(`api/state/entities/${encodeURIComponent(id)}`),
  // The newest 100 events whatever their age (the default window is the last 24 hours).
  history: (id) => getJson(`api/events?entity=${encodeURIComponent(id)}&limit=100&since=1970-01-01T00:00:00Z`),
  namespace: (name) => getJson(`api/namespaces/${encodeURIComponent(name)}`),
};

/**
 * The live socket (docs/api.md §10). It carries no token: /api/ws has no authentication in any mode (§10.1), and a
 * token in its address would end up in logs. A connection that never subscribes receives every change. After a
 * close (1013 when this page fell behind) it reconnects and `onOpen` reloads state, as §10.7 asks.
 */
export function connectLive({ onOpen, onMessage, onState }) {
  let delay = 500;
  const open = () => {
    const url = new URL("api/ws", location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(url);
    onState("connecting");
    socket.onopen = () => {
      delay = 500;
      onState("open");
      onOpen();
    };
    socket.onmessage = (frame) => {
      let message;
      try {
        message = JSON.parse(frame.data);
      } catch {
        return;
      }
      onMessage(message, Date.now());
    };
    socket.onclose = () => {
      onState("closed");
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 5000);
    };
  };
  open();
}
