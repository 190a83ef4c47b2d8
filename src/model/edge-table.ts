// Dependency edges interned: node names to numbers, edges in typed arrays, repeats dropped as they are added.
// Ingest builds one of these for large Terraform configurations; the graph reads it without per-edge objects.
import type { DependencyEdge, EdgeTable } from "./types.js";

/**
 * Where the scope of a node name ends: after its leading `module.NAME.` steps (0 when it has none). A
 * Terraform node name is its module's scope and a local part (`module.db.` + `aws_db_instance.this`); names
 * of other frameworks never start with `module.` and have the empty scope.
 */
export function scopeEnd(name: string): number {
  let i = 0;
  while (name.startsWith("module.", i)) {
    const dot = name.indexOf(".", i + 7);
    if (dot === -1) break;
    i = dot + 1;
  }
  return i;
}

/**
 * Builds an EdgeTable: `add(from, to, via)` keeps the first edge between two nodes and ignores repeats
 * (an open-addressing hash of node-id pairs, so no object per edge). Names are interned per scope (one small
 * map per module), so a module's nodes are found by their short local names, without building and hashing
 * every full name.
 */
export class EdgeTableBuilder {
  private scopes = new Map<string, Map<string, number>>();
  private names: string[] = [];
  private from: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private to: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private via: DependencyEdge["via"][] = [];
  private count = 0;
  private slots = new Int32Array(2048).fill(-1);

  /**
   * The builder's state as data another thread can be sent (structured clone; the typed arrays' buffers
   * can be transferred). `load` on a new builder continues exactly where this one stopped.
   */
  save(): EdgeTableData {
    const { scopes, names, from, to, via, count, slots } = this;
    return { scopes, names, from, to, via, count, slots };
  }

  /** Takes the state `save` gave (possibly on another thread) into this new builder. */
  protected load(d: EdgeTableData): void {
    if (this.count !== 0 || this.names.length !== 0)
      throw new Error("EdgeTableBuilder.load: not a new builder");
    this.scopes = d.scopes;
    this.names = d.names;
    this.from = d.from;
    this.to = d.to;
    this.via = d.via;
    this.count = d.count;
    this.slots = d.slots;
  }

  /** The id of a node by its full name. */
  id(name: string): number {
    const cut = scopeEnd(name);
    return this.intern(name.slice(0, cut), name.slice(cut));
  }

  /**
   * The id of node `scope + local`, where `scope` is the name's leading `module.NAME.` steps ("" for none)
   * and `local` the rest. Any other split gives the same node, only slower: the name is split again.
   */
  idIn(scope: string, local: string): number {
    return local.startsWith("module.") ? this.id(scope + local) : this.intern(scope, local);
  }

  private intern(scope: string, local: string): number {
    let inScope = this.scopes.get(scope);
    if (inScope === undefined) {
      // A scope that is not exactly `module.NAME.` steps (a module name with a dot in a hand-made plan)
      // is not one: the name is split where `lookup` will split it.
      if (scopeEnd(scope) !== scope.length) return this.id(scope + local);
      inScope = new Map();
      this.scopes.set(scope, inScope);
    }
    let id = inScope.get(local);
    if (id === undefined) {
      id = this.names.length;
      inScope.set(local, id);
      this.names.push(scope + local);
    }
    return id;
  }

  /** The id of a node by its full name, or undefined when there is no such node. */
  lookup(name: string): number | undefined {
    const cut = scopeEnd(name);
    return this.scopes.get(name.slice(0, cut))?.get(name.slice(cut));
  }

  /** Adds `from → to` (from depends on to) unless it is a self-edge or already present. */
  add(from: string, to: string, via: DependencyEdge["via"]): void {
    if (from === to) return;
    this.addIds(this.id(from), this.id(to), via);
  }

  /** `add` by node ids (from `id`); a negative id (nothing) or a self-edge adds nothing. */
  addIds(a: number, b: number, via: DependencyEdge["via"]): void {
    if (a < 0 || b < 0 || a === b) return;
    const mask = this.slots.length - 1;
    let h = hashPair(a, b) & mask;
    for (;;) {
      const e = this.slots[h];
      if (e === -1) break;
      if (this.from[e] === a && this.to[e] === b) return;
      h = (h + 1) & mask;
    }
    if (this.count === this.from.length) {
      this.from = grow(this.from);
      this.to = grow(this.to);
    }
    const e = this.count++;
    this.from[e] = a;
    this.to[e] = b;
    this.via.push(via);
    this.slots[h] = e;
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let e = 0; e < this.count; e++) {
      let h = hashPair(this.from[e], this.to[e]) & mask;
      while (slots[h] !== -1) h = (h + 1) & mask;
      slots[h] = e;
    }
    this.slots = slots;
  }

  get size(): number {
    return this.count;
  }

  table(): EdgeTable {
    return {
      names: this.names,
      from: this.from.subarray(0, this.count),
      to: this.to.subarray(0, this.count),
      via: this.via,
      count: this.count,
      lookup: (name) => this.lookup(name),
    };
  }
}

/** What `EdgeTableBuilder.save` gives: the builder's own state, plain data. */
export interface EdgeTableData {
  scopes: Map<string, Map<string, number>>;
  names: string[];
  from: Int32Array<ArrayBuffer>;
  to: Int32Array<ArrayBuffer>;
  via: DependencyEdge["via"][];
  count: number;
  slots: Int32Array<ArrayBuffer>;
}

function hashPair(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) >>> 0;
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** The edges of a table as objects (for reports and tests; the graph itself never needs them). */
export function edgesOf(t: EdgeTable): DependencyEdge[] {
  const out: DependencyEdge[] = new Array(t.count);
  for (let e = 0; e < t.count; e++)
    out[e] = { from: t.names[t.from[e]], to: t.names[t.to[e]], via: t.via[e] };
  return out;
}
