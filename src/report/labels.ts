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
  c: Pick<AssessedChange, "action" | "replaceOrder" | "importing" | "deposed">,
): string {
  let s: string = c.action;
  if (c.action === "replace")
    s =
      c.replaceOrder === "create-before-destroy"
        ? "replace (create before destroy)"
        : "replace (destroy before create)";
  if (c.importing && c.action !== "import") s += ", import";
  if (c.deposed) s += ` (deposed object ${c.deposed})`;
  return s;
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
