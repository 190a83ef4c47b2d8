// The interned graph (model/edge-table.ts, graph/dependency-graph.ts) against a plain breadth-first search
// over edge objects: same transitive dependents and blast radius on random graphs, repeats and self-edges.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DependencyGraph, isHelperNode } from "../../src/graph/dependency-graph.js";
import { EdgeTableBuilder, edgesOf, scopeEnd } from "../../src/model/edge-table.js";
import type { DependencyEdge } from "../../src/model/types.js";

const NODES = [
  "aws_a.x",
  "aws_b.y",
  "module.m.aws_c.z",
  "module.m.var.v",
  "module.m.output.o",
  "module.m.__call",
  "local.l",
  "data.aws_d.w",
];

function reference(edges: DependencyEdge[], node: string): string[] {
  const seen = new Set([node]);
  const out: string[] = [];
  const queue = [node];
  for (let i = 0; i < queue.length; i++)
    for (const e of edges)
      if (e.to === queue[i] && !seen.has(e.from)) {
        seen.add(e.from);
        queue.push(e.from);
        if (!isHelperNode(e.from)) out.push(e.from);
      }
  return out.sort();
}

describe("dependency graph", () => {
  it("finds the same transitive dependents as a plain search (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            from: fc.constantFrom(...NODES),
            to: fc.constantFrom(...NODES),
            via: fc.constantFrom("reference", "depends_on"),
          }),
          { maxLength: 30 },
        ),
        (edges) => {
          const g = DependencyGraph.fromEdges(edges, new Map([["aws_b.y", ["aws_b.y[0]", "aws_b.y[1]"]]]));
          for (const n of NODES) {
            assert.deepEqual(g.transitiveDependents(n), reference(edges, n), n);
            const expected = reference(edges, n).flatMap((d) =>
              d === "aws_b.y" ? ["aws_b.y[0]", "aws_b.y[1]"] : [d],
            );
            assert.deepEqual(
              g.blastRadius(n, "aws_b.y[1]"),
              expected.filter((a) => a !== "aws_b.y[1]"),
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("keeps the first edge between two nodes and drops self-edges", () => {
    const b = new EdgeTableBuilder();
    b.add("a", "b", "reference");
    b.add("a", "b", "depends_on");
    b.add("a", "a", "reference");
    for (let i = 0; i < 5000; i++) b.add(`n${i}`, `n${i + 1}`, "reference");
    const edges = edgesOf(b.table());
    assert.deepEqual(edges[0], { from: "a", to: "b", via: "reference" });
    assert.equal(edges.length, 5001);
    assert.equal(DependencyGraph.fromEdges(edges, new Map()).transitiveDependents("n5000").length, 5000);
  });

  it("interns a name once however it is split into module scope and local part (property)", () => {
    const step = fc.constantFrom("module", "a", "b.c", "__call", "output", "x");
    const name = fc.array(step, { minLength: 1, maxLength: 6 }).map((s) => s.join("."));
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 30 }), fc.nat(), (names, seed) => {
        const b = new EdgeTableBuilder();
        const ids = new Map<string, number>();
        names.forEach((n, i) => {
          // Scoped or by full name, in any order: one node per name.
          const id = (seed + i) % 2 ? b.idIn(n.slice(0, scopeEnd(n)), n.slice(scopeEnd(n))) : b.id(n);
          assert.equal(b.id(n), id);
          if (ids.has(n)) assert.equal(id, ids.get(n), n);
          else ids.set(n, id);
          assert.equal(b.lookup(n), id);
          assert.equal(b.table().names[id], n);
        });
        assert.equal(new Set(ids.values()).size, ids.size);
        assert.equal(b.lookup("module.nothing.here"), undefined);
      }),
      { numRuns: 300 },
    );
    const b = new EdgeTableBuilder();
    // A local part that starts with module. is split again: one node either way.
    assert.equal(b.idIn("module.a.", "module.b.var.x"), b.id("module.a.module.b.var.x"));
    assert.equal(b.idIn("module.a.", "module.b.var.x"), b.idIn("module.a.module.b.", "var.x"));
    assert.equal(b.idIn("", "module.m"), b.id("module.m"));
    // A scope longer than the module steps (a module named "a.b"): still the node lookup finds.
    assert.equal(b.idIn("module.a.b.", "aws_x.y"), b.lookup("module.a.b.aws_x.y"));
    assert.equal(b.idIn("module.a.b.", "aws_x.y"), b.id("module.a.b.aws_x.y"));
  });
});
