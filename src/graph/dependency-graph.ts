// The dependency graph of a change set and the blast radius of each change: every address that depends on
// it, transitively. Works on graph node ids (configuration addresses and helper nodes such as variables and
// outputs) and answers in instance addresses where the plan knows them.
import type { ChangeSet, DependencyEdge } from "../model/types.js";

/** Helper nodes that are not objects of their own and never appear in a blast radius. */
export function isHelperNode(id: string): boolean {
  // Kubernetes (`Kind/ns/name`) and nested CloudFormation (`Parent/Child`) addresses contain a slash;
  // helper nodes are Terraform-only and never do.
  if (id.includes("/")) return false;
  const last = id.slice(id.lastIndexOf(".") + 1);
  if (last === "__call" || last === "__outputs") return true;
  // var.X, local.X, output.X at the end of the id (possibly inside modules).
  return /(^|\.)(var|local|output)\.[^.]+$/.test(id);
}

export class DependencyGraph {
  /** to → list of nodes that depend on it. */
  private readonly dependents = new Map<string, string[]>();
  /** from → list of nodes it depends on. */
  private readonly dependencies = new Map<string, string[]>();
  private readonly cache = new Map<string, string[]>();
  private readonly helper = new Map<string, boolean>();

  constructor(
    edges: readonly DependencyEdge[],
    private readonly instances: Map<string, string[]>,
  ) {
    for (const e of edges) {
      push(this.dependents, e.to, e.from);
      push(this.dependencies, e.from, e.to);
    }
  }

  static fromChangeSet(cs: ChangeSet): DependencyGraph {
    return new DependencyGraph(cs.edges, cs.instances);
  }

  /** Direct dependencies of a node (graph ids). */
  dependenciesOf(node: string): string[] {
    return this.dependencies.get(node) ?? [];
  }

  /** Direct dependents of a node (graph ids). */
  dependentsOf(node: string): string[] {
    return this.dependents.get(node) ?? [];
  }

  /** Object nodes (no helper nodes) that depend on `node` transitively, as graph ids, sorted. */
  transitiveDependents(node: string): string[] {
    const cached = this.cache.get(node);
    if (cached) return cached;
    const seen = new Set<string>([node]);
    const out: string[] = [];
    const queue = [node];
    for (let i = 0; i < queue.length; i++) {
      const deps = this.dependents.get(queue[i]);
      if (!deps) continue;
      for (const d of deps) {
        if (seen.has(d)) continue;
        seen.add(d);
        queue.push(d);
        let h = this.helper.get(d);
        if (h === undefined) {
          h = isHelperNode(d);
          this.helper.set(d, h);
        }
        if (!h) out.push(d);
      }
    }
    out.sort();
    this.cache.set(node, out);
    return out;
  }

  /**
   * Blast radius of a change at `address` whose configuration node is `configAddress`: dependents in instance
   * addresses where known (all instances of a dependent block), else configuration addresses.
   */
  blastRadius(configAddress: string, address: string): string[] {
    const nodes = this.transitiveDependents(configAddress);
    if (nodes.length === 0) return nodes;
    const out: string[] = [];
    for (const n of nodes) {
      const inst = this.instances.get(n);
      if (inst?.length) {
        for (const a of inst) if (a !== address) out.push(a);
      } else if (n !== address) out.push(n);
    }
    return out;
  }
}

function push(map: Map<string, string[]>, k: string, v: string): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}
