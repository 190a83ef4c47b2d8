// The interned graph (model/edge-table.ts, graph/dependency-graph.ts) against a plain breadth-first search
// over edge objects: same transitive dependents and blast radius on random graphs, repeats and self-edges.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DependencyGraph, isHelperNode } from "../../src/graph/dependency-graph.js";
import { EdgeTableBuilder, edgesOf } from "../../src/model/edge-table.js";
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
});
