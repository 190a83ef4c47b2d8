// Matches an invocation against a catalog entry's rules: splits the arguments into flags and positional
// words, finds the action words, applies the first matching rule, then the read-only and dangerous flags.
// Words whose value is only known at run time are handled here: they may not take part in choosing the
// action, and they may not appear where they could add a flag to an operation that changes something.
import type { Effect } from "../types.js";
import type { Arg, Classified, FlagCondition, Invocation, Rule, ToolEntry } from "./types.js";

export type ArgItem =
  | { kind: "pos"; arg: Arg }
  | { kind: "flag"; name: string; value?: Arg; arg: Arg }
  | { kind: "dynamic"; arg: Arg };

export interface SplitArgs {
  items: ArgItem[];
  positionals: Arg[];
  flags: Map<string, (Arg | undefined)[]>;
}

/** Splits arguments into flags (with their values) and positionals; `--` ends the flags. */
export function splitArgs(
  args: Arg[],
  valueOptions: readonly string[] = [],
  longOptions?: { booleans: readonly string[] },
): SplitArgs {
  const takesValue = new Set(valueOptions);
  const booleans = new Set(longOptions?.booleans ?? []);
  const items: ArgItem[] = [];
  const positionals: Arg[] = [];
  const flags = new Map<string, (Arg | undefined)[]>();
  let endOfFlags = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.literal) {
      const m = !endOfFlags && !a.splits && !a.glob ? /^--?([A-Za-z][\w-]*)=/.exec(a.text) : null;
      if (m) {
        // `--name="$X"`: one word, so a flag whose value is known only at run time
        const value: Arg = { text: a.text.slice(m[0].length), literal: false, splits: false, glob: false };
        items.push({ kind: "flag", name: m[1], value, arg: a });
        flags.set(m[1], [...(flags.get(m[1]) ?? []), value]);
        continue;
      }
      items.push({ kind: "dynamic", arg: a });
      continue;
    }
    if (!endOfFlags && a.text === "--") {
      endOfFlags = true;
      continue;
    }
    if (!endOfFlags && a.text.length > 1 && a.text.startsWith("-")) {
      const body = a.text.replace(/^--?/, "");
      const eq = body.indexOf("=");
      let name = body;
      let value: Arg | undefined;
      if (eq >= 0) {
        name = body.slice(0, eq);
        value = { text: body.slice(eq + 1), literal: true, splits: false, glob: false };
      } else if (takesValue.has(name) && i + 1 < args.length) {
        value = args[++i];
      } else if (
        longOptions &&
        a.text.startsWith("--") &&
        !booleans.has(name) &&
        !name.startsWith("no-") &&
        i + 1 < args.length &&
        !(args[i + 1].literal && args[i + 1].text.startsWith("-"))
      ) {
        value = args[++i];
      }
      items.push({ kind: "flag", name, value, arg: a });
      const list = flags.get(name) ?? [];
      list.push(value);
      flags.set(name, list);
      continue;
    }
    items.push({ kind: "pos", arg: a });
    positionals.push(a);
  }
  return { items, positionals, flags };
}

type Tri = true | false | "unknown";

/**
 * A condition that makes a command read-only (`--dry-run=client`) holds only when the last occurrence of
 * its flag says so: CLIs keep the last value (`--dry-run=client --dry-run=none` is not a dry run).
 */
function evalRelaxing(cond: FlagCondition, split: SplitArgs): Tri {
  const names = [...(cond.flagBare ?? []), ...(cond.flagValue?.names ?? [])];
  if (!names.length) return evalCondition(cond, split);
  const negated = names.map((n) => `no-${n}`); // aws `--dry-run --no-dry-run`
  const last = split.items
    .filter((i) => i.kind === "flag" && (names.includes(i.name) || negated.includes(i.name)))
    .pop();
  if (last?.kind !== "flag" || negated.includes(last.name)) return false;
  const only = { ...split, flags: new Map([[last.name, [last.value]]]) };
  return evalCondition(cond, only);
}

function evalCondition(cond: FlagCondition, split: SplitArgs): Tri {
  let unknown = false;
  const checks: Tri[] = [];
  if (cond.flag) checks.push(cond.flag.some((f) => split.flags.has(f)));
  if (cond.flagBare)
    checks.push(cond.flagBare.some((f) => (split.flags.get(f) ?? []).some((v) => v === undefined)));
  if (cond.flagValue) {
    const re = new RegExp(cond.flagValue.pattern, "i");
    let hit: Tri = false;
    for (const n of cond.flagValue.names) {
      for (const v of split.flags.get(n) ?? []) {
        if (!v) continue;
        if (!v.literal) unknown = true;
        else if (re.test(v.text)) hit = true;
      }
    }
    checks.push(hit === true ? true : unknown ? "unknown" : false);
  }
  if (cond.argMatches) {
    const re = new RegExp(cond.argMatches, "i");
    let hit = false;
    for (const item of split.items) {
      const texts = item.kind === "flag" ? [item.arg.text, item.value?.text ?? ""] : [item.arg.text];
      if (texts.some((t) => re.test(t))) hit = true;
    }
    checks.push(hit);
  }
  if (checks.includes(false)) return false;
  if (checks.includes("unknown")) return "unknown";
  return true;
}

function wordMatches(pattern: string, word: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith("*")) return word.startsWith(pattern.slice(0, -1));
  return pattern === word;
}

export function ruleWords(rule: Rule): string[] {
  return rule.action.split(" ").filter(Boolean);
}

const SEVERITY: Record<Effect, number> = { "read-only": 0, mutating: 1, destructive: 2 };

/** Classifies an invocation with a rule-based entry. */
export function classifyWithRules(entry: ToolEntry, inv: Invocation, args: Arg[] = inv.args): Classified[] {
  const split = splitArgs(args, entry.valueOptions, entry.longOptionsTakeValues);
  const firstDynamic = split.items.findIndex((i) => i.kind === "dynamic");
  const known: string[] = [];
  for (const [idx, item] of split.items.entries()) {
    if (firstDynamic >= 0 && idx > firstDynamic) break;
    if (item.kind === "pos") known.push(item.arg.text);
  }
  const allWords = split.positionals.map((p) => p.text);

  for (const cond of entry.readOnly ?? []) {
    if (evalRelaxing(cond, split) === true) {
      return [
        { kind: "op", action: actionText(allWords, 2), effect: "read-only", reason: "help or dry run only" },
      ];
    }
  }

  let matched: Rule | undefined;
  let matchedWords = 0;
  for (const rule of entry.rules) {
    const words = ruleWords(rule);
    if (words.length > known.length) continue;
    if (!words.every((w, i) => wordMatches(w, known[i]))) continue;
    if (rule.unless && evalCondition(rule.unless, split) === true) continue;
    if (rule.when) {
      const r = evalCondition(rule.when, split);
      if (r === false) continue;
      if (r === "unknown" && rule.effect !== "read-only") {
        return [
          {
            kind: "unresolved",
            reason: `${inv.name} ${words.join(" ")}: a value known only at run time decides whether this is ${rule.effect} (${rule.reason})`,
          },
        ];
      }
    }
    matched = rule;
    matchedWords = words.length;
    break;
  }

  if (!matched && entry.verbRules) {
    for (let v = 1; v < known.length && !matched; v++) {
      for (const rule of entry.verbRules) {
        if (!wordMatches(rule.action, known[v])) continue;
        if (rule.unless && evalCondition(rule.unless, split) === true) continue;
        if (rule.when) {
          const r = evalCondition(rule.when, split);
          if (r === false) continue;
          if (r === "unknown" && rule.effect !== "read-only") {
            return [
              {
                kind: "unresolved",
                reason: `${inv.name} ${known[v]}: a value known only at run time decides whether this is ${rule.effect}`,
              },
            ];
          }
        }
        matched = { ...rule, action: known.slice(0, v + 1).join(" ") };
        matchedWords = v + 1;
        break;
      }
    }
  }

  if (!matched && firstDynamic >= 0) {
    const dyn = split.items[firstDynamic].arg.text;
    return [
      {
        kind: "unresolved",
        reason: `${inv.name}: the action depends on \`${dyn}\`, which is known only at run time`,
      },
    ];
  }

  let effect: Effect = matched ? matched.effect : entry.fallback.effect;
  let reason = matched ? matched.reason : entry.fallback.reason;
  let category = matched?.category;
  const action = matched
    ? actionText(allWords, Math.max(matchedWords, 1))
    : actionText(allWords, 1) || "(none)";

  if (effect !== "read-only") {
    for (const d of entry.dangerous ?? []) {
      const r = evalCondition(
        d.value ? { flagValue: { names: d.names, pattern: d.value } } : { flag: d.names },
        split,
      );
      if (r === true && SEVERITY.destructive > SEVERITY[effect]) {
        effect = "destructive";
        reason = d.reason;
        category = d.category;
      } else if (r === "unknown" && effect !== "destructive") {
        return [
          {
            kind: "unresolved",
            reason: `${inv.name} ${action}: ${d.names[0]} is known only at run time (${d.reason})`,
          },
        ];
      }
    }
  }

  if (effect === "mutating" && firstDynamic >= 0) {
    const dyn = split.items[firstDynamic].arg.text;
    return [
      {
        kind: "unresolved",
        reason: `${inv.name} ${action}: \`${dyn}\` is known only at run time and could add options (such as a destroy or force flag)`,
      },
    ];
  }

  const rest = split.positionals.slice(matchedWords).filter((p) => p.literal);
  const target = rest.length
    ? rest
        .slice(0, 3)
        .map((p) => p.text)
        .join(" ")
    : undefined;
  const op: Classified = { kind: "op", action, effect, reason, target, category };
  return [op];
}

function actionText(words: string[], n: number): string {
  return words.slice(0, n).join(" ");
}

/** Positional after the action words, or the value of -f/--filename, for rules that apply saved plans. */
export function appliedPath(entry: ToolEntry, inv: Invocation, args: Arg[] = inv.args): string | undefined {
  const split = splitArgs(args, entry.valueOptions, entry.longOptionsTakeValues);
  const known = split.positionals.map((p) => p.text);
  for (const rule of entry.rules) {
    const words = ruleWords(rule);
    if (!rule.applies || words.length > known.length || !words.every((w, i) => wordMatches(w, known[i])))
      continue;
    if (rule.when && evalCondition(rule.when, split) !== true) continue;
    if (rule.unless && evalCondition(rule.unless, split) === true) continue;
    if (rule.applies.from === "positional") {
      const p = split.positionals[words.length];
      return p?.literal ? p.text : undefined;
    }
    const f = split.flags.get("f") ?? split.flags.get("filename");
    if (f && f.length === 1 && f[0]?.literal) return f[0].text;
    return undefined;
  }
  return undefined;
}
