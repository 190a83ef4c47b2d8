// Text rendering of a guard result for `airlock guard check --format text`. Every line quotes the command
// (targets, file names, reasons): each is made printable so the command cannot rewrite the terminal.
import { printable } from "../report/printable.js";
import type { GuardResult } from "./types.js";

export function formatGuardText(r: GuardResult): string {
  const lines = [`${r.verdict.toUpperCase()}: ${r.reason}`];
  for (const o of r.operations) {
    const via = o.via?.length ? ` (via ${o.via.join(" → ")})` : "";
    lines.push(
      `  ${o.effect.padEnd(11)} ${o.tool} ${o.action}${o.target ? ` ${o.target}` : ""}${via}: ${o.reason}`,
    );
  }
  for (const u of r.unresolved)
    lines.push(`  unresolved  ${u.reason}${u.via?.length ? ` (via ${u.via.join(" → ")})` : ""}`);
  for (const a of r.approvals ?? [])
    lines.push(`  approval    ${a.path}: ${a.approved ? "approved" : "not approved"}: ${a.reason}`);
  return lines.map(printable).join("\n");
}
