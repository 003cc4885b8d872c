// Entities grouped by id prefix. Ids follow the conventions of the skill documents (docs/api.md §3.1): the
// namespace before the first "/", then typed ids at ":" and flat ids at "-" ("dawn-coral/sensor-01",
// "agent:manager", "host-web-01"). Each delimiter closes a group, so "host-web-01" sits in "host-" → "host-web-".
// Only expanded groups are drawn, each at most `limit` rows at a time, so a large world costs what is on screen.

import { el } from "./dom.js";

const DELIMITERS = new Set(["-", ":", "/"]);
const PAGE = 200;

/** "dawn-coral/sensor-01" → ["dawn-coral/", "sensor-", "01"]: the namespace first, then at every delimiter. */
export function segments(id) {
  const parts = [];
  let start = 0;
  const slash = id.indexOf("/");
  if (slash > 0) {
    parts.push(id.slice(0, slash + 1));
    start = slash + 1;
  }
  for (let i = start; i < id.length; i++) {
    if (DELIMITERS.has(id[i])) {
      parts.push(id.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < id.length) parts.push(id.slice(start));
  return parts;
}

function group(prefix) {
  return { prefix, groups: new Map(), ids: new Set(), count: 0 };
}

export class EntityTree {
  constructor() {
    this.root = group("");
    this.all = new Set();
    this.expanded = new Set();
    this.limits = new Map();
  }

  clear() {
    this.root = group("");
    this.all.clear();
  }

  has(id) {
    return this.all.has(id);
  }

  add(id) {
    if (this.all.has(id)) return false;
    this.all.add(id);
    const parts = segments(id);
    let node = this.root;
    node.count++;
    let prefix = "";
    for (const part of parts.slice(0, -1)) {
      prefix += part;
      let next = node.groups.get(part);
      if (!next) node.groups.set(part, (next = group(prefix)));
      node = next;
      node.count++;
    }
    node.ids.add(id);
    return true;
  }

  remove(id) {
    if (!this.all.delete(id)) return false;
    const parts = segments(id).slice(0, -1);
    const path = [this.root];
    for (const part of parts) path.push(path.at(-1).groups.get(part));
    path.at(-1).ids.delete(id);
    for (const node of path) node.count--;
    for (let i = path.length - 1; i > 0; i--) if (path[i].count === 0) path[i - 1].groups.delete(parts[i - 1]);
    return true;
  }

  /** The one id under a group holding a single entity, which is drawn as that entity rather than as a group. */
  static only(node) {
    while (node.ids.size === 0 && node.groups.size === 1) node = node.groups.values().next().value;
    return node.ids.size === 1 && node.groups.size === 0 ? node.ids.values().next().value : null;
  }

  /** Draws the tree into `list`; `onSelect(id)` opens an entity, `selected` is marked. */
  render(list, { onSelect, selected, redraw }) {
    list.replaceChildren(...this.rows(this.root, onSelect, selected, redraw));
  }

  /** Draws the ids starting with `prefix` as a flat list. */
  renderFiltered(list, prefix, { onSelect, selected, redraw }) {
    const matches = [...this.all].filter((id) => id.startsWith(prefix)).sort();
    const limit = this.limits.get("\u0000filter") ?? PAGE;
    const rows = matches.slice(0, limit).map((id) => this.leaf(id, onSelect, selected));
    if (matches.length > limit) rows.push(this.more("\u0000filter", matches.length - limit, redraw));
    if (matches.length === 0) rows.push(el("li", { class: "empty" }, "no entity id starts with that"));
    list.replaceChildren(...rows);
  }

  rows(node, onSelect, selected, redraw) {
    const entries = [
      ...[...node.groups.values()].map((g) => ({ key: g.prefix, group: g })),
      ...[...node.ids].map((id) => ({ key: id, id })),
    ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const limit = this.limits.get(node.prefix) ?? PAGE;
    const rows = [];
    for (const entry of entries.slice(0, limit)) {
      const single = entry.group && EntityTree.only(entry.group);
      if (entry.id !== undefined || single !== null) rows.push(this.leaf(entry.id ?? single, onSelect, selected));
      else rows.push(this.branch(entry.group, onSelect, selected, redraw));
    }
    if (entries.length > limit) rows.push(this.more(node.prefix, entries.length - limit, redraw));
    return rows;
  }

  branch(node, onSelect, selected, redraw) {
    const open = this.expanded.has(node.prefix);
    const toggle = el("button", {
      type: "button",
      class: "group",
      "aria-expanded": String(open),
      "data-prefix": node.prefix,
      onclick: () => {
        if (this.expanded.has(node.prefix)) this.expanded.delete(node.prefix);
        else this.expanded.add(node.prefix);
        redraw();
      },
    }, el("span", { class: "prefix" }, node.prefix), el("span", { class: "count" }, String(node.count)));
    return el("li", {}, toggle, open ? el("ul", {}, ...this.rows(node, onSelect, selected, redraw)) : null);
  }

  leaf(id, onSelect, selected) {
    return el("li", {}, el("button", {
      type: "button",
      class: id === selected ? "entity selected" : "entity",
      "data-entity": id,
      title: id,
      onclick: () => onSelect(id),
    }, id));
  }

  more(key, hidden, redraw) {
    return el("li", {}, el("button", {
      type: "button",
      class: "more",
      onclick: () => {
        this.limits.set(key, (this.limits.get(key) ?? PAGE) + PAGE);
        redraw();
      },
    }, `${hidden} more…`));
  }
}
