// The rules of one framework, loading only that framework's catalog: analyzing a Terraform plan does not
// load (or pay to start up) the CloudFormation and Kubernetes rules. Same rules, same order as ALL_RULES
// filtered by framework.
import type { Framework } from "../../model/types.js";
import type { Rule } from "../types.js";

export async function rulesFor(framework: Framework): Promise<readonly Rule[]> {
  switch (framework) {
    case "terraform":
      return (await import("./terraform.js")).TERRAFORM_RULES;
    case "cloudformation":
      return (await import("./cloudformation.js")).CLOUDFORMATION_RULES;
    case "kubernetes":
      return (await import("./kubernetes.js")).KUBERNETES_RULES;
  }
}
