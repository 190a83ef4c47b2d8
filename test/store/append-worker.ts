// Child process for the store tests: appends COUNT entries (or forever when COUNT=0) to the configured ledger,
// printing each committed index on stdout.
import { openLedger } from "../../src/ledger/index.js";

const count = Number(process.env.WORKER_COUNT ?? "10");
const tag = process.env.WORKER_TAG ?? String(process.pid);
const ledger = await openLedger();
try {
  for (let i = 0; count === 0 || i < count; i++) {
    const r = await ledger.append({ type: "test-event", data: { worker: tag, i, pad: "x".repeat(200) } });
    process.stdout.write(`${r.index}\n`);
  }
} finally {
  await ledger.close();
}
