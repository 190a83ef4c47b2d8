// Words and symbols shared by the human-readable reports.
import type { AssessedChange } from "../model/assessment.js";
import type { Action } from "../model/types.js";

export const ACTION_SYMBOL: Record<Action, string> = {
  create: "+",
  update: "~",
  replace: "-/+",
  delete: "-",
  read: "<=",
  "no-op": " ",
  forget: "forget",
  import: "import",
};

export function actionLabel(
  c: Pick<AssessedChange, "action" | "replaceOrder" | "importing" | "deposed" | "previousAddress">,
): string {
  let s: string = c.action;
  if (c.action === "replace")
    s =
      c.replaceOrder === "create-before-destroy"
        ? "replace (create before destroy)"
        : "replace (destroy before create)";
  if (c.importing && c.action !== "import") s += ", import";
  if (c.deposed) s += ` (deposed object ${c.deposed})`;
  if (c.previousAddress)
    s = c.action === "no-op" ? `moved from ${c.previousAddress}` : `${s}, moved from ${c.previousAddress}`;
  return s;
}

/** The changes a report lists: everything but no-ops, and no-ops that move the object (`moved`). */
export function isListed(c: Pick<AssessedChange, "action" | "previousAddress">): boolean {
  return c.action !== "no-op" || c.previousAddress !== undefined;
}

export function frameworkLabel(f: string, format: string): string {
  switch (format) {
    case "terraform-plan-json":
      return "Terraform plan";
    case "cloudformation-change-set":
      return "CloudFormation change set";
    case "cloudformation-template-pair":
      return "CloudFormation template pair";
    case "kubernetes-manifests":
      return "Kubernetes manifests";
    default:
      return `${f} ${format}`;
  }
}
