// One in-process analysis (read + parse + analyze + JSON render), timed, with peak RSS.
import { analyzeInput } from "../dist/assess/analyze.js";
import { renderJson } from "../dist/report/json.js";

const t = process.hrtime.bigint();
const a = await analyzeInput({ plan: process.argv[2] });
const out = renderJson(a);
const ms = Number(process.hrtime.bigint() - t) / 1e6;
process.stdout.write(
  JSON.stringify({
    ms,
    rss: process.resourceUsage().maxRSS * 1024,
    bytes: out.length,
    findings: a.findings.length,
  }),
);
