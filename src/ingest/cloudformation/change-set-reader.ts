// DescribeChangeSet JSON → validated change sets: one page, several pages concatenated, or an array of pages;
// pages of the same change set are merged; nested change sets are linked to their parent stack resource.
// Anything incomplete or unknown (a page with NextToken and no next page, an unknown Action) is an InputError.
import { InputError } from "../../model/types.js";
import {
  CHANGE_ACTIONS,
  type ChangeSetDoc,
  type DescribeChangeSetPage,
  POLICY_ACTIONS,
  REPLACEMENTS,
  REQUIRES_RECREATION,
  type ResourceChange,
} from "./change-set-types.js";
import { parseJsonStream } from "./json-stream.js";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describeNonChangeSet(v: Record<string, unknown>): string {
  if ("AWSTemplateFormatVersion" in v || "Resources" in v)
    return "this is a CloudFormation template, not a change set; compare templates with --before/--after";
  if ("format_version" in v) return "this is a Terraform plan, not a CloudFormation change set";
  if ("apiVersion" in v && "kind" in v)
    return "this is a Kubernetes manifest; compare manifests with --before/--after";
  if ("Summaries" in v)
    return "this is `list-change-sets` output; use `describe-change-set` for one change set";
  return "not a CloudFormation change set (`aws cloudformation describe-change-set` output has Changes)";
}

function oneOf<T extends string>(
  v: unknown,
  allowed: readonly T[],
  what: string,
  fail: (why: string) => never,
): T | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v))
    fail(`unknown ${what} ${JSON.stringify(v)} (expected ${allowed.join(", ")})`);
  return v as T;
}

function checkResourceChange(rc: unknown, where: string, fail: (why: string) => never): ResourceChange {
  if (!isObject(rc)) return fail(`${where}: ResourceChange is missing`);
  const id = typeof rc.LogicalResourceId === "string" ? rc.LogicalResourceId : "";
  if (!id) fail(`${where}: ResourceChange has no LogicalResourceId`);
  const w = `${where} (${id})`;
  if (typeof rc.Action !== "string") fail(`${w}: ResourceChange has no Action`);
  oneOf(rc.Action, CHANGE_ACTIONS, "Action", (why) => fail(`${w}: ${why}`));
  if (typeof rc.ResourceType !== "string" || rc.ResourceType === "")
    fail(`${w}: ResourceChange has no ResourceType`);
  oneOf(rc.Replacement, REPLACEMENTS, "Replacement", (why) => fail(`${w}: ${why}`));
  oneOf(rc.PolicyAction, POLICY_ACTIONS, "PolicyAction", (why) => fail(`${w}: ${why}`));
  if (rc.Details !== undefined) {
    if (!Array.isArray(rc.Details)) fail(`${w}: Details is not a list`);
    (rc.Details as unknown[]).forEach((d, i) => {
      if (!isObject(d)) fail(`${w}: Details[${i}] is not an object`);
      const t = (d as Record<string, unknown>).Target;
      if (t !== undefined && !isObject(t)) fail(`${w}: Details[${i}].Target is not an object`);
      if (isObject(t))
        oneOf(t.RequiresRecreation, REQUIRES_RECREATION, "RequiresRecreation", (why) =>
          fail(`${w}: Details[${i}]: ${why}`),
        );
    });
  }
  for (const ctx of ["BeforeContext", "AfterContext"] as const) {
    const v = rc[ctx];
    if (v === undefined || v === null || isObject(v)) continue;
    if (typeof v !== "string") fail(`${w}: ${ctx} is neither an encoded JSON string nor an object`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(v as string);
    } catch {
      fail(`${w}: ${ctx} is not valid encoded JSON`);
    }
    if (!isObject(parsed)) fail(`${w}: ${ctx} does not decode to an object`);
  }
  return rc as ResourceChange;
}

/** Validates one page and returns it typed. */
function checkPage(v: unknown, pageNo: number, path: string): DescribeChangeSetPage {
  const fail = (why: string): never => {
    throw new InputError(`${path}: ${pageNo > 0 ? `page ${pageNo + 1}: ` : ""}${why}`, path);
  };
  if (!isObject(v)) return fail("not a CloudFormation change set (a page is not a JSON object)");
  if (!("Changes" in v)) return fail(describeNonChangeSet(v));
  if (!Array.isArray(v.Changes)) return fail("Changes is not a list");
  const status = v.Status;
  if (status === "CREATE_PENDING" || status === "CREATE_IN_PROGRESS")
    fail(
      `change set is still being created (Status ${status}); describe it again when it is CREATE_COMPLETE`,
    );
  if (status === "FAILED")
    fail(
      `change set FAILED${typeof v.StatusReason === "string" ? `: ${v.StatusReason}` : ""}; it cannot be executed`,
    );
  if (v.NextToken !== undefined && v.NextToken !== null && typeof v.NextToken !== "string")
    fail("NextToken is not a string");
  (v.Changes as unknown[]).forEach((c, i) => {
    if (!isObject(c)) fail(`Changes[${i}] is not an object`);
    const type = (c as Record<string, unknown>).Type;
    if (type !== undefined && type !== "Resource")
      fail(`Changes[${i}]: unknown change Type ${JSON.stringify(type)} (expected "Resource")`);
    checkResourceChange((c as Record<string, unknown>).ResourceChange, `Changes[${i}]`, fail);
  });
  if (v.Parameters !== undefined && !Array.isArray(v.Parameters)) fail("Parameters is not a list");
  return v as unknown as DescribeChangeSetPage;
}

function docKey(p: DescribeChangeSetPage): string {
  if (typeof p.ChangeSetId === "string" && p.ChangeSetId) return p.ChangeSetId;
  return `${p.StackName ?? ""}/${p.ChangeSetName ?? ""}`;
}

/** Reads all pages in a file and merges them into change set documents (in file order). */
export function readChangeSetText(text: string, path: string): ChangeSetDoc[] {
  const values = parseJsonStream(text, path);
  const pages: DescribeChangeSetPage[] = [];
  for (const v of values) {
    if (Array.isArray(v)) {
      if (v.length === 0) throw new InputError(`${path}: an empty list is not a change set`, path);
      for (const x of v) pages.push(checkPage(x, pages.length, path));
    } else pages.push(checkPage(v, pages.length, path));
  }
  const docs = new Map<string, ChangeSetDoc & { open: boolean; seen: Set<string> }>();
  for (const p of pages) {
    const key = docKey(p);
    let doc = docs.get(key);
    if (!doc) {
      doc = { key, first: p, changes: [], pages: 0, open: false, seen: new Set() };
      docs.set(key, doc);
    } else if (!doc.open) {
      throw new InputError(
        `${path}: change set ${key} appears twice (a page without NextToken is followed by another page of it)`,
        path,
      );
    }
    doc.pages++;
    for (const c of p.Changes) {
      const rc = c.ResourceChange as ResourceChange;
      if (doc.seen.has(rc.LogicalResourceId))
        throw new InputError(
          `${path}: ${rc.LogicalResourceId} appears twice in change set ${key} (pages repeated?)`,
          path,
        );
      doc.seen.add(rc.LogicalResourceId);
      doc.changes.push(rc);
    }
    doc.open = typeof p.NextToken === "string" && p.NextToken !== "";
  }
  const out: ChangeSetDoc[] = [];
  for (const d of docs.values()) {
    if (d.open)
      throw new InputError(
        `${path}: change set ${d.key} is incomplete: its last page has a NextToken but the next page is missing`,
        path,
      );
    out.push({ key: d.key, first: d.first, changes: d.changes, pages: d.pages });
  }
  return out;
}

/** The parsed BeforeContext/AfterContext (null when absent). */
export function contextOf(v: unknown): Record<string, unknown> | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return JSON.parse(v) as Record<string, unknown>;
  return v as Record<string, unknown>;
}
