// Per-property update behaviour from the CloudFormation resource specification, as shipped by
// `@aws-cdk/aws-service-spec` (the CDK team's database built from the CloudFormation registry schemas and
// resource specification). `causesReplacement`: yes = Replacement, maybe = Conditional, no = in place.
// Loading the database costs about a second and ~150 MB, so it is loaded lazily, once, and only for
// template pairs (change sets carry CloudFormation's own answer).
import type {
  Property,
  PropertyType,
  Resource,
  SpecDatabase,
  TypeDefinition,
} from "@aws-cdk/service-spec-types";

export type ReplacementBehaviour = "yes" | "maybe" | "no";

export interface ReplacementSpec {
  /** The type is in the specification. */
  known(type: string): boolean;
  /** Update behaviour of a change at `path` under Properties (`["Tags", 0, "Key"]`); undefined for unknown types. */
  replacementAt(type: string, path: readonly (string | number)[]): ReplacementBehaviour | undefined;
  /** The specification's statefulness flag for the type. */
  isStateful(type: string): boolean | undefined;
  /** Milliseconds the load took. */
  loadMs: number;
}

const RANK: Record<ReplacementBehaviour, number> = { no: 0, maybe: 1, yes: 2 };

function worst(a: ReplacementBehaviour, b: ReplacementBehaviour): ReplacementBehaviour {
  return RANK[a] >= RANK[b] ? a : b;
}

class DbReplacementSpec implements ReplacementSpec {
  private readonly cache = new Map<string, Resource | null>();
  constructor(
    private readonly db: SpecDatabase,
    readonly loadMs: number,
  ) {}

  private resource(type: string): Resource | null {
    let r = this.cache.get(type);
    if (r === undefined) {
      const found = this.db.lookup("resource", "cloudFormationType", "equals", type);
      r = found.length ? found[0] : null;
      this.cache.set(type, r);
    }
    return r;
  }

  known(type: string): boolean {
    return this.resource(type) !== null;
  }

  isStateful(type: string): boolean | undefined {
    return this.resource(type)?.isStateful;
  }

  /** Type definitions a property type can hold (through arrays, maps and unions). */
  private definitions(t: PropertyType | undefined, depth = 0): { def: TypeDefinition; container: boolean }[] {
    if (!t || depth > 8) return [];
    switch (t.type) {
      case "ref":
        try {
          return [{ def: this.db.get("typeDefinition", t.reference), container: false }];
        } catch {
          return [];
        }
      case "array":
      case "map":
        return this.definitions(t.element as PropertyType, depth + 1).map((d) => ({ ...d, container: true }));
      case "union":
        return t.types.flatMap((x) => this.definitions(x as PropertyType, depth + 1));
      default:
        return [];
    }
  }

  private isContainer(t: PropertyType | undefined): boolean {
    return !!t && (t.type === "array" || t.type === "map");
  }

  replacementAt(type: string, path: readonly (string | number)[]): ReplacementBehaviour | undefined {
    const res = this.resource(type);
    if (!res) return undefined;
    for (const extra of res.additionalReplacementProperties ?? [])
      if (extra.every((seg, i) => path[i] === seg)) return "yes";
    if (path.length === 0) {
      let w: ReplacementBehaviour = "no";
      for (const p of Object.values(res.properties)) w = worst(w, p.causesReplacement ?? "no");
      return w;
    }
    const top = res.properties[String(path[0])];
    // A property the specification does not know: CloudFormation would reject it or treat it unpredictably.
    if (!top) return "maybe";
    let behaviour: ReplacementBehaviour = top.causesReplacement ?? "no";
    let prop: Property = top;
    let i = 1;
    while (behaviour !== "yes" && i < path.length) {
      let seg = path[i];
      // Skip the index/key of an array or map to reach its element type.
      if (this.isContainer(prop.type)) {
        i++;
        if (i >= path.length) break;
        seg = path[i];
      }
      const defs = this.definitions(prop.type);
      const next = defs.map((d) => d.def.properties[String(seg)]).find((p) => p !== undefined);
      if (!next) break;
      behaviour = worst(behaviour, next.causesReplacement ?? "no");
      prop = next;
      i++;
    }
    return behaviour;
  }
}

let loading: Promise<ReplacementSpec> | undefined;

/** Loads the specification once per process. */
export function loadReplacementSpec(): Promise<ReplacementSpec> {
  if (!loading) {
    loading = (async () => {
      const t0 = performance.now();
      const { loadAwsServiceSpec } = await import("@aws-cdk/aws-service-spec");
      const db = await loadAwsServiceSpec();
      return new DbReplacementSpec(db, performance.now() - t0);
    })();
  }
  return loading;
}
