// `airlock mcp`: an MCP server over stdio (official SDK) that gives agents a governed path to production:
// analyze a plan, check policy, request approval, see the status, apply only an approved plan, and ask the
// guard about a command. There is deliberately no tool to approve: approvals come from humans.
// Standard output carries the protocol only; anything a child process prints is captured.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { VERSION } from "../cli/version.js";

interface ToolText {
  [key: string]: unknown;
  content: { type: "text"; text: string }[];
  isError?: boolean;
}

function ok(value: unknown): ToolText {
  return {
    content: [{ type: "text", text: typeof value === "string" ? value : JSON.stringify(value, null, 2) }],
  };
}

function fail(err: unknown): ToolText {
  const msg = err instanceof Error ? err.message : String(err);
  return {
    content: [{ type: "text", text: `error: ${msg.replace(/\s*\n\s*/g, " ").slice(0, 1000)}` }],
    isError: true,
  };
}

async function guarded(fn: () => Promise<ToolText>): Promise<ToolText> {
  try {
    return await fn();
  } catch (err) {
    return fail(err);
  }
}

const planInput = {
  plan: z
    .string()
    .optional()
    .describe("Terraform plan (JSON or binary), CloudFormation change set or Kubernetes manifest"),
  before: z.string().optional().describe("template or manifest before the change (with after)"),
  after: z.string().optional().describe("template or manifest after the change (with before)"),
  // only a terraform or tofu binary: any other program here would run unguarded (`bash` + a file named `show`)
  terraformBin: z
    .string()
    .regex(/(^|\/)(terraform|tofu)(\.exe)?$/, "must be a terraform or tofu binary")
    .optional()
    .describe("terraform or tofu binary for binary plans"),
};

/** Runs the airlock CLI in a child process and captures its output (the apply gate inherits stdio). */
function runCli(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const bin = fileURLToPath(new URL("../../bin/airlock.js", import.meta.url));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: process.env,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", (err) => resolve({ code: 2, stdout, stderr: `${stderr}${err.message}` }));
    child.on("close", (code) => resolve({ code: code ?? 2, stdout, stderr }));
  });
}

export function createServer(): McpServer {
  const server = new McpServer({ name: "airlock", version: VERSION });

  server.registerTool(
    "guard_check",
    {
      description:
        "Classify a shell command line before running it: verdict allow / ask / deny, reason, and the infrastructure operations found (destructive, mutating, read-only).",
      inputSchema: {
        command: z.string().describe("the shell command line"),
        cwd: z.string().optional().describe("working directory the command would run in"),
      },
    },
    async ({ command, cwd }) =>
      guarded(async () => {
        const { checkCommand } = await import("../guard/check.js");
        const { recordVerdict } = await import("../guard/record.js");
        const result = await checkCommand(command, { cwd: cwd ?? process.cwd(), env: process.env });
        await recordVerdict(result, { source: "mcp" });
        return { ...ok(result), structuredContent: result as unknown as Record<string, unknown> };
      }),
  );

  server.registerTool(
    "analyze_plan",
    {
      description:
        "Analyze a change artifact: every delete, replace, update and create, blast radius, risk findings and the change digest.",
      inputSchema: planInput,
    },
    async (input) =>
      guarded(async () => {
        const { analyzeInput } = await import("../assess/analyze.js");
        const { renderJson } = await import("../report/json.js");
        const assessment = await analyzeInput(input);
        return ok(renderJson(assessment, true));
      }),
  );

  server.registerTool(
    "check_policy",
    {
      description: "Evaluate policy for a change: allow, require approval (how many, from whom) or block.",
      inputSchema: {
        ...planInput,
        policy: z.string().optional().describe("policy file (default airlock.yaml or built-in)"),
      },
    },
    async ({ policy, ...input }) =>
      guarded(async () => {
        const { analyzeInput } = await import("../assess/analyze.js");
        const { checkChange } = await import("../policy/check.js");
        const assessment = await analyzeInput(input);
        const decision = await checkChange({ assessment, policyPath: policy });
        return ok(decision);
      }),
  );

  server.registerTool(
    "request_approval",
    {
      description:
        "Record a change request for exactly this change (bound to its digest); humans approve it with `airlock approve`.",
      inputSchema: { ...planInput, policy: z.string().optional() },
    },
    async (input) =>
      guarded(async () => {
        const { createRequest } = await import("../approvals/service.js");
        const req = await createRequest(input);
        return ok(req);
      }),
  );

  server.registerTool(
    "approval_status",
    {
      description: "What a change request (ID or digest) still requires, and whether it may be applied.",
      inputSchema: { id: z.string().describe("change request ID or digest") },
    },
    async ({ id }) =>
      guarded(async () => {
        const { requestStatus } = await import("../approvals/service.js");
        const { status } = await requestStatus(id);
        return ok(status);
      }),
  );

  server.registerTool(
    "apply_approved_plan",
    {
      description:
        'Apply a saved plan or manifest only if a satisfied change request covers exactly its digest, e.g. ["terraform","apply","tfplan"]. Output is captured and returned.',
      inputSchema: {
        command: z.array(z.string()).min(1).describe("the apply command as argv"),
        cwd: z.string().optional(),
      },
    },
    async ({ command, cwd }) =>
      guarded(async () => {
        const r = await runCli(["apply", "--", ...command], cwd);
        const text = `exit ${r.code}\n${r.stdout}${r.stderr ? `\n${r.stderr}` : ""}`.trim();
        return r.code === 0 ? ok(text) : { ...ok(text), isError: true };
      }),
  );

  return server;
}

export async function serveStdio(): Promise<number> {
  const server = createServer();
  await server.connect(new StdioServerTransport());
  await new Promise<void>((resolve) => {
    process.stdin.on("close", resolve);
    process.stdin.on("end", resolve);
  });
  await server.close();
  return 0;
}
