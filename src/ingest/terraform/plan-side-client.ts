// The main thread's side of the plan's helper thread: starts the thread, hands it a plan's side members
// (plan-side.ts) at their guessed positions, and takes each result when the main thread's own walk of the
// document reaches that member. A member the helper has not begun by then is read by the main thread itself
// (it claims it first), so a helper that is slow to start, or a machine with one free core, costs little.
//
// The helper is used for large plans (sideThreadWanted), when the input bytes are in a SharedArrayBuffer
// (read-input.ts).
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import { ConfigSink } from "./graph-edges.js";
import type { SideKey, SideRead } from "./plan-side.js";
import {
  BY_MAIN,
  BY_THREAD,
  DONE,
  PENDING,
  type SideJobMessage,
  type SideResultMessage,
} from "./plan-side-protocol.js";

/**
 * Below this size a plan is read on the main thread alone. On two cores the helper competes with the main
 * thread's own background work (V8 compiles and marks on a second core): measured, it gains nothing on a
 * 25 MB plan, about 8 % on 63 MB and 15 % on 126 MB (docs/benchmarks.md).
 */
export const SIDE_THREAD_MIN_BYTES = 32 * 1024 * 1024;

/**
 * Whether the helper thread is used for a plan file of `size` bytes: AIRLOCK_THREADS=1 never, =2 always,
 * otherwise from SIDE_THREAD_MIN_BYTES.
 */
export function sideThreadWanted(size: number): boolean {
  const threads = process.env.AIRLOCK_THREADS;
  if (threads === "1") return false;
  if (threads === "2") return true;
  return size >= SIDE_THREAD_MIN_BYTES;
}

/**
 * How long the main thread waits for a member the helper is reading before it reads the member itself.
 * The helper is only ever waited for on a member it has begun, which takes it well under a second even in
 * the largest plans read: the limit is for a helper that died (a thread whose heap is exhausted is stopped
 * without a word to the main thread, which is blocked and could not hear it).
 */
const HELPER_PATIENCE_MS = 10_000;

export interface SideThreadOptions {
  /**
   * false: the main thread waits for the helper even for a member it has not begun, so that every side
   * member is read by the helper (for tests of the helper's results; never in the CLI).
   */
  steal?: boolean;
}

/**
 * The helper's entry: the compiled module beside this one. When the TypeScript sources run as they are (the
 * tests, under tsx), a worker does not inherit tsx's loader, so a two-line script registers it first.
 */
function workerEntry(): [URL | string, { eval?: boolean }] {
  if (!import.meta.url.endsWith(".ts")) return [new URL("./plan-side-thread.js", import.meta.url), {}];
  const entry = JSON.stringify(new URL("./plan-side-thread.ts", import.meta.url).href);
  return [
    `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${entry}); });`,
    { eval: true },
  ];
}

export class SideThread {
  /** Side members whose result came from the helper, over all jobs (for tests). */
  fromThread = 0;
  private nextJob = 1;
  /** Jobs whose results may still be asked for. */
  private readonly active = new Set<number>();
  /** Results received for tasks of active jobs not asked for yet, by job and index. */
  private readonly early = new Map<string, SideResultMessage>();

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    readonly steal: boolean,
  ) {}

  /** Starts the helper; undefined when a thread cannot be started here (the plan is then read serially). */
  static start(opts: SideThreadOptions = {}): SideThread | undefined {
    const { port1, port2 } = new MessageChannel();
    let worker: Worker;
    try {
      const [entry, how] = workerEntry();
      worker = new Worker(entry, {
        ...how,
        workerData: { port: port2 },
        transferList: [port2],
      });
    } catch {
      return undefined;
    }
    // Neither keeps the process alive: a helper still busy when the command is done is simply stopped.
    worker.unref();
    port1.unref();
    // A helper that fails to start never claims a task: the main thread reads everything itself.
    worker.on("error", () => {});
    return new SideThread(worker, port1, opts.steal ?? true);
  }

  /** Hands the helper the side members at `tasks` of the document in `bytes` (shared memory only). */
  submit(bytes: Buffer, path: string, tasks: { key: SideKey; vs: number }[]): SideJob | undefined {
    if (!(bytes.buffer instanceof SharedArrayBuffer) || tasks.length === 0) return undefined;
    const state = new SharedArrayBuffer(4 * tasks.length);
    const msg: SideJobMessage = {
      id: this.nextJob++,
      buffer: bytes.buffer,
      offset: bytes.byteOffset,
      length: bytes.length,
      path,
      tasks,
      state,
    };
    this.port.postMessage(msg);
    this.active.add(msg.id);
    return new SideJob(this, msg.id, tasks, new Int32Array(state));
  }

  /** Blocks until the helper's result for task `index` of job `job` (already DONE) is received. */
  result(job: number, index: number): SideResultMessage {
    const key = `${job}:${index}`;
    for (;;) {
      const early = this.early.get(key);
      if (early) {
        this.early.delete(key);
        return early;
      }
      const got = receiveMessageOnPort(this.port);
      // The helper posts a result before it marks the task DONE, so it is there to receive.
      if (!got) throw new Error("plan helper thread: a finished task sent no result");
      const msg = got.message as SideResultMessage;
      // A result the main thread stopped waiting for (its job is finished) is dropped.
      if (this.active.has(msg.job)) this.early.set(`${msg.job}:${msg.index}`, msg);
    }
  }

  /** Forgets job `job`: nothing more is asked of it. */
  finished(job: number): void {
    this.active.delete(job);
    for (const key of this.early.keys()) if (key.startsWith(`${job}:`)) this.early.delete(key);
  }

  /** Stops the helper. */
  close(): void {
    void this.worker.terminate();
  }
}

/** One plan's side members handed to the helper. */
export class SideJob {
  constructor(
    private readonly thread: SideThread,
    private readonly id: number,
    private readonly tasks: readonly { key: SideKey; vs: number }[],
    private readonly state: Int32Array,
  ) {}

  /**
   * What the helper read for member `key` at value start `vs`, or undefined: then the caller reads it
   * itself (the helper was given another position for it, has not begun it, or failed to read it).
   */
  take(key: SideKey, vs: number): SideRead | undefined {
    const index = this.tasks.findIndex((t) => t.key === key && t.vs === vs);
    if (index < 0) return undefined;
    if (this.thread.steal && Atomics.compareExchange(this.state, index, PENDING, BY_MAIN) === PENDING)
      return undefined;
    const deadline = Date.now() + HELPER_PATIENCE_MS;
    for (;;) {
      const s = Atomics.load(this.state, index);
      if (s !== PENDING && s !== BY_THREAD) break;
      const left = deadline - Date.now();
      if (left <= 0) {
        // A helper that stopped (its heap exhausted, say) never finishes: read the member here. Its result,
        // should it come after all, is the same.
        if (!this.thread.steal)
          throw new Error(`plan helper thread: no result for ${key} in ${HELPER_PATIENCE_MS} ms`);
        return undefined;
      }
      Atomics.wait(this.state, index, s, left);
    }
    if (Atomics.load(this.state, index) !== DONE) return undefined;
    const msg = this.thread.result(this.id, index);
    if (!msg.ok || msg.end === undefined) return undefined;
    this.thread.fromThread++;
    return { end: msg.end, root: msg.root, sink: msg.sink ? ConfigSink.fromData(msg.sink) : undefined };
  }

  /** Done with the job: takes back every task the helper has not begun, and drops what is left of it. */
  finish(): void {
    for (let i = 0; i < this.tasks.length; i++) Atomics.compareExchange(this.state, i, PENDING, BY_MAIN);
    this.thread.finished(this.id);
  }
}
