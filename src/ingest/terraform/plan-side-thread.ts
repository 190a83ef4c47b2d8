// The helper thread's entry (a worker_threads Worker, started by plan-side-client.ts): reads the side members
// of a plan (plan-side.ts) from the bytes the main thread shares with it, one job at a time, and sends each
// one's result back as plain data. A member the main thread has taken for itself is skipped; a member that
// fails to read is reported as failed, and the main thread reads it again itself, so that any error is
// raised, in document order, by the main thread alone.
import { type MessagePort, workerData } from "node:worker_threads";
import { JsonBytes } from "../json-bytes.js";
import { readSideMember } from "./plan-side.js";
import {
  BY_THREAD,
  DONE,
  PENDING,
  type SideJobMessage,
  type SideResultMessage,
} from "./plan-side-protocol.js";

const port = (workerData as { port: MessagePort }).port;

port.on("message", (job: SideJobMessage) => {
  const state = new Int32Array(job.state);
  const doc = new JsonBytes(Buffer.from(job.buffer, job.offset, job.length), job.path);
  for (let i = 0; i < job.tasks.length; i++) {
    if (Atomics.compareExchange(state, i, PENDING, BY_THREAD) !== PENDING) continue;
    const { key, vs } = job.tasks[i];
    let msg: SideResultMessage;
    const transfer: ArrayBuffer[] = [];
    try {
      const read = readSideMember(doc, key, vs);
      msg = { job: job.id, index: i, ok: true, end: read.end, root: read.root };
      if (read.sink) {
        const data = read.sink.toData();
        msg.sink = data;
        transfer.push(data.edges.from.buffer, data.edges.to.buffer, data.edges.slots.buffer);
      }
    } catch {
      // Read again by the main thread, which raises the error where the document order puts it.
      msg = { job: job.id, index: i, ok: false };
    }
    port.postMessage(msg, transfer);
    Atomics.store(state, i, DONE);
    Atomics.notify(state, i);
  }
});
