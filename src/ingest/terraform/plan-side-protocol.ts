// The messages between the main thread and the plan's helper thread (plan-side-client.ts,
// plan-side-thread.ts), and the states of a task in the job's shared state array. A task is claimed by
// whichever thread moves it from PENDING first (Atomics.compareExchange), so each side member is read once.
import type { ConfigSinkData } from "./graph-edges.js";
import type { SideKey } from "./plan-side.js";
import type { ValuesModule } from "./plan-types.js";

export const PENDING = 0;
/** Claimed by the helper thread, which is reading it. */
export const BY_THREAD = 1;
/** Claimed by the main thread, which reads it itself. */
export const BY_MAIN = 2;
/** Read by the helper thread; its result message has been posted. */
export const DONE = 3;

/** Main thread → helper: read these members of the document in `buffer` (shared, never written again). */
export interface SideJobMessage {
  id: number;
  buffer: SharedArrayBuffer;
  offset: number;
  length: number;
  /** File name for error messages. */
  path: string;
  /** Side members at their guessed value starts, in the order the helper takes them. */
  tasks: { key: SideKey; vs: number }[];
  /** One Int32 per task: PENDING, BY_THREAD, BY_MAIN or DONE. */
  state: SharedArrayBuffer;
}

/** Helper → main thread: one task's result (`ok: false`: it did not read; the main thread reads it). */
export interface SideResultMessage {
  job: number;
  index: number;
  ok: boolean;
  end?: number;
  root?: ValuesModule;
  sink?: ConfigSinkData;
}
