// Builds elements. Entity ids and property values are untrusted: they only ever become text nodes or attribute
// values (never HTML), so markup in them shows as text.

export const $ = (selector) => document.querySelector(selector);

/** el("li", {class: "x", onclick: f, title: id}, "text", child…): strings become text nodes. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** A property value as one line of text: strings as they are, everything else as JSON, cut at `max` characters. */
export function valueText(value, max = 200) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}

/** Server times carry six fractional digits (docs/api.md §2.6); Date.parse is only sure of three. */
export function parseServerTime(text) {
  return Date.parse(String(text).replace(/(\.\d{3})\d+/, "$1"));
}

export function clockTime(ms) {
  const d = new Date(ms);
  const pad = (n, w = 2) => String(n).padStart(w, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function dateTime(ms) {
  const d = new Date(ms);
  return isNaN(d) ? "?" : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")} ${clockTime(ms)}`;
}

/** Runs `draw` once in the next animation frame however often it is asked for before then. */
export function coalesced(draw) {
  let asked = false;
  return () => {
    if (asked) return;
    asked = true;
    requestAnimationFrame(() => {
      asked = false;
      draw();
    });
  };
}

/** Like `coalesced`, and at most once every `ms` milliseconds: for redraws that live traffic asks for. */
export function throttled(draw, ms) {
  let last = 0;
  let timer = null;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      last = performance.now();
      draw();
    }, Math.max(0, last + ms - performance.now()));
  };
}
