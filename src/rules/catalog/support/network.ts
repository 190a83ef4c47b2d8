// Network exposure: open-to-the-internet ingress entries per provider, compared before/after.
import type { Severity } from "../../../model/types.js";
import {
  AZURE_INTERNET_SOURCES,
  PORT_SEVERITY,
  SENSITIVE_PORTS,
  WEB_PORTS,
  WIDE_RANGE,
  WORLD_CIDRS,
} from "../../tables/exposure.js";
import { asBool, asNumber, list, one, rank, strings } from "./values.js";

/** One "source → protocol/ports" entry that is open to the whole internet. */
export interface OpenEntry {
  source: string;
  proto: string;
  from: number;
  to: number;
}

const PROTO_NAMES: Record<string, string> = {
  "-1": "all",
  all: "all",
  "*": "all",
  "6": "tcp",
  tcp: "tcp",
  "17": "udp",
  udp: "udp",
  "1": "icmp",
  icmp: "icmp",
  "58": "icmpv6",
  icmpv6: "icmpv6",
};

export function normProto(p: unknown): string {
  const s = String(p ?? "all").toLowerCase();
  return PROTO_NAMES[s] ?? s;
}

const isWorld = (c: unknown): c is string => typeof c === "string" && WORLD_CIDRS.has(c.trim());

function entry(source: string, protoRaw: unknown, fromRaw: unknown, toRaw: unknown): OpenEntry {
  const proto = normProto(protoRaw);
  if (proto === "all") return { source, proto, from: 0, to: 65535 };
  const from = asNumber(fromRaw) ?? 0;
  const to = asNumber(toRaw) ?? from;
  // AWS uses -1/-1 (or 0/0 with "all") for "every port" of a protocol.
  if (from < 0 || (from === 0 && to === 0 && (proto === "tcp" || proto === "udp")))
    return { source, proto, from: 0, to: 65535 };
  return { source, proto, from, to };
}

/** Internet-open ingress entries of an AWS security group, rule or VPC ingress rule value. */
export function awsOpenIngress(type: string, v: unknown): OpenEntry[] {
  const out: OpenEntry[] = [];
  const o = one(v);
  if (!o) return out;
  const push = (r: Record<string, unknown>, cidrs: unknown[]) => {
    for (const c of cidrs)
      if (isWorld(c)) out.push(entry(c, r.protocol ?? r.ip_protocol, r.from_port, r.to_port));
  };
  if (type === "aws_security_group" || type === "aws_default_security_group") {
    for (const r of list(o.ingress)) {
      const rr = one(r);
      if (rr) push(rr, [...list(rr.cidr_blocks), ...list(rr.ipv6_cidr_blocks)]);
    }
  } else if (type === "aws_security_group_rule") {
    if (o.type === "ingress") push(o, [...list(o.cidr_blocks), ...list(o.ipv6_cidr_blocks)]);
  } else if (type === "aws_vpc_security_group_ingress_rule") {
    push(o, [o.cidr_ipv4, o.cidr_ipv6]);
  }
  return out;
}

/** Internet-open inbound allow entries of AWS network ACLs. */
export function awsOpenNacl(type: string, v: unknown): OpenEntry[] {
  const out: OpenEntry[] = [];
  const o = one(v);
  if (!o) return out;
  const push = (r: Record<string, unknown>) => {
    for (const c of [r.cidr_block, r.ipv6_cidr_block])
      if (isWorld(c)) out.push(entry(c, r.protocol, r.from_port, r.to_port));
  };
  if (type === "aws_network_acl" || type === "aws_default_network_acl") {
    for (const r of list(o.ingress)) {
      const rr = one(r);
      if (rr && String(rr.action).toLowerCase() === "allow") push(rr);
    }
  } else if (type === "aws_network_acl_rule") {
    if (asBool(o.egress) !== true && String(o.rule_action).toLowerCase() === "allow") push(o);
  }
  return out;
}

function portSpans(ports: unknown): [number, number][] | null {
  const ps = strings(ports).concat(
    list(ports)
      .filter((x): x is number => typeof x === "number")
      .map(String),
  );
  if (ps.length === 0) return null;
  const out: [number, number][] = [];
  for (const p of ps) {
    const s = p.trim();
    if (s === "*") return null;
    const m = /^(\d+)(?:-(\d+))?$/.exec(s);
    if (m) out.push([Number(m[1]), Number(m[2] ?? m[1])]);
  }
  return out;
}

/** Internet-open INGRESS allow entries of a google_compute_firewall value. */
export function googleOpenFirewall(v: unknown): OpenEntry[] {
  const out: OpenEntry[] = [];
  const o = one(v);
  if (!o) return out;
  if (String(o.direction ?? "INGRESS").toUpperCase() !== "INGRESS") return out;
  if (asBool(o.disabled) === true) return out;
  const sources = strings(o.source_ranges).filter(isWorld);
  if (sources.length === 0) return out;
  for (const a of list(o.allow)) {
    const allow = one(a);
    if (!allow) continue;
    const proto = normProto(allow.protocol);
    const spans = portSpans(allow.ports);
    for (const src of sources) {
      if (!spans || proto === "all") out.push({ source: src, proto, from: 0, to: 65535 });
      else for (const [f, t] of spans) out.push({ source: src, proto, from: f, to: t });
    }
  }
  return out;
}

/** Internet-open inbound allow entries of Azure NSG rules (standalone or inline). */
export function azureOpenNsg(type: string, v: unknown): OpenEntry[] {
  const out: OpenEntry[] = [];
  const o = one(v);
  if (!o) return out;
  const rules = type === "azurerm_network_security_group" ? list(o.security_rule).map(one) : [o];
  for (const r of rules) {
    if (!r) continue;
    if (String(r.direction).toLowerCase() !== "inbound" || String(r.access).toLowerCase() !== "allow")
      continue;
    const sources = [r.source_address_prefix, ...list(r.source_address_prefixes)].filter(
      (s): s is string => typeof s === "string" && AZURE_INTERNET_SOURCES.has(s.trim().toLowerCase()),
    );
    if (sources.length === 0) continue;
    const proto = normProto(r.protocol);
    const spans = portSpans(
      [r.destination_port_range, ...list(r.destination_port_ranges)].filter((x) => x != null),
    );
    for (const src of sources) {
      if (!spans) out.push({ source: src, proto, from: 0, to: 65535 });
      else {
        // Protocol "*" with specific ports: TCP and UDP on those ports.
        const p = proto === "all" ? "tcp/udp" : proto;
        for (const [f, t] of spans) out.push({ source: src, proto: p, from: f, to: t });
      }
    }
  }
  return out;
}

/** Entries of `after` not already covered by an entry of `before` (same source family, wider or equal). */
export function newlyOpen(before: readonly OpenEntry[], after: readonly OpenEntry[]): OpenEntry[] {
  const fam = (s: string) => (s.includes(":") ? 6 : 4);
  return after.filter(
    (a) =>
      !before.some(
        (b) =>
          (fam(b.source) === fam(a.source) || b.source === "*" || a.source === "*") &&
          (b.proto === "all" || b.proto === a.proto) &&
          b.from <= a.from &&
          b.to >= a.to,
      ),
  );
}

export interface PortJudgement {
  severity: Severity;
  label: string;
}

/** How bad is this protocol/port range open to the internet? */
export function judgePorts(e: OpenEntry): PortJudgement {
  if (e.proto === "icmp" || e.proto === "icmpv6") return { severity: "low", label: e.proto.toUpperCase() };
  if (e.proto === "all" || (e.from <= 0 && e.to >= 65535))
    return { severity: PORT_SEVERITY.all, label: e.proto === "all" ? "all traffic" : `all ${e.proto} ports` };
  const names: string[] = [];
  for (const [port, name] of Object.entries(SENSITIVE_PORTS)) {
    const n = Number(port);
    if (n >= e.from && n <= e.to) names.push(`${name} ${n}`);
  }
  const range = e.from === e.to ? `${e.proto} ${e.from}` : `${e.proto} ${e.from}-${e.to}`;
  if (names.length)
    return {
      severity: PORT_SEVERITY.sensitive,
      label: e.from === e.to ? `${names[0]}/${e.proto}` : `${range} (incl. ${names.slice(0, 3).join(", ")})`,
    };
  if (e.to - e.from + 1 > WIDE_RANGE) return { severity: PORT_SEVERITY.wide, label: range };
  if (e.from === e.to && WEB_PORTS.has(e.from)) return { severity: PORT_SEVERITY.web, label: range };
  return { severity: PORT_SEVERITY.other, label: range };
}

export function worst(js: readonly PortJudgement[]): Severity {
  let s: Severity = "info";
  for (const j of js) if (rank(j.severity) > rank(s)) s = j.severity;
  return s;
}

/** IPv4 dotted quad → number, or undefined. */
export function ipv4(s: unknown): number | undefined {
  if (typeof s !== "string") return undefined;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] * 256 + parts[1]) * 256 + parts[2]) * 256 + parts[3];
}
