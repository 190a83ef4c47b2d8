// The Terraform rule catalog: every rule for Terraform plans, gathered from the per-category files.
import type { Rule } from "../types.js";
import { TERRAFORM_AUDIT_RULES } from "./terraform-audit.js";
import { TERRAFORM_AVAILABILITY_RULES } from "./terraform-availability.js";
import { TERRAFORM_DATA_LOSS_RULES } from "./terraform-data-loss.js";
import { TERRAFORM_ENCRYPTION_RULES } from "./terraform-encryption.js";
import { TERRAFORM_EXPOSURE_RULES } from "./terraform-exposure.js";
import { TERRAFORM_MASS_CHANGE_RULES } from "./terraform-mass-change.js";
import { TERRAFORM_PRIVILEGE_RULES } from "./terraform-privilege.js";

export const TERRAFORM_RULES: Rule[] = [
  ...TERRAFORM_DATA_LOSS_RULES,
  ...TERRAFORM_EXPOSURE_RULES,
  ...TERRAFORM_PRIVILEGE_RULES,
  ...TERRAFORM_AVAILABILITY_RULES,
  ...TERRAFORM_AUDIT_RULES,
  ...TERRAFORM_ENCRYPTION_RULES,
  ...TERRAFORM_MASS_CHANGE_RULES,
];
