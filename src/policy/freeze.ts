// Change-freeze windows: an absolute interval [start, end) or a weekly window. A weekly window lists
// consecutive days; `from` applies to the first day, `to` to the last, and the days between are frozen
// all day (days [fri, sat, sun, mon], from 16:00, to 08:00 = Friday 16:00 to Monday 08:00).
import type { CompiledFreeze } from "./load.js";
import type { Weekday } from "./types.js";

const DAYS: Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

function localParts(now: Date, timeZone: string): { day: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const day = get("weekday").slice(0, 3).toLowerCase() as Weekday;
  const minutes = Number(get("hour")) * 60 + Number(get("minute"));
  return { day: DAYS.includes(day) ? day : "sun", minutes };
}

function toMinutes(hhmm: string | undefined, fallback: number): number {
  if (!hhmm) return fallback;
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
}

export function freezeActive(f: CompiledFreeze, now: Date): boolean {
  const t = now.getTime();
  if (f.startMs !== undefined && f.endMs !== undefined && !(t >= f.startMs && t < f.endMs)) return false;
  const w = f.def.weekly;
  if (!w) return f.startMs !== undefined;
  const { day, minutes } = localParts(now, w.timezone ?? "UTC");
  const idx = w.days.indexOf(day);
  if (idx < 0) return false;
  const from = toMinutes(w.from, 0);
  const to = toMinutes(w.to, 24 * 60);
  if (idx === 0 && minutes < from) return false;
  if (idx === w.days.length - 1 && minutes >= to) return false;
  return true;
}
