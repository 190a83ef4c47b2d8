// Types for gen-plan.mjs (imported by tests).
export function generatePlan(n: number, shape?: "full" | "lean"): Record<string, unknown>;
