// Signed notes and checkpoints. The PeterNeumann/EnochRoot keys, text and signatures are the published test
// vectors of golang.org/x/mod/sumdb/note (note_test.go: TestNewVerifier, TestSign, TestOpen).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  checkpointText,
  formatTlogProof,
  openCheckpoint,
  parseCheckpointText,
  parseTlogProof,
  signCheckpoint,
} from "../../src/ledger/checkpoint.js";
import { loadOrCreateLedgerSigner } from "../../src/ledger/keys.js";
import { hashLeaf } from "../../src/ledger/merkle.js";
import {
  encodeVerifierKey,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signerFromSeed,
  signNote,
} from "../../src/ledger/note.js";

const PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG =
  "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

describe("signed notes (sumdb/note vectors)", () => {
  it("derives the published verifier key and key ID from the signer key", () => {
    const signer = parseSignerKey(PETER_SKEY);
    assert.equal(signer.keyId, 0xc74f20a3);
    assert.equal(encodeVerifierKey(signer), PETER_VKEY);
    assert.equal(parseVerifierKey(PETER_VKEY).keyId, 0xc74f20a3);
  });
  it("rejects mangled verifier keys", () => {
    assert.throws(() =>
      parseVerifierKey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="),
    );
    assert.throws(() =>
      parseVerifierKey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
    );
    assert.throws(() => parseVerifierKey(PETER_VKEY.replace("c74f20a3", "c74f20a4")));
    assert.throws(() => parseVerifierKey(PETER_VKEY.slice(0, -1)));
  });
  it("produces the published signature (Ed25519 is deterministic)", () => {
    assert.equal(signNote(TEXT, parseSignerKey(PETER_SKEY)), `${TEXT}\n${PETER_SIG}`);
  });
  it("opens notes: known keys verify, unknown keys are ignored, none known is an error", () => {
    const peter = parseVerifierKey(PETER_VKEY);
    const enoch = parseVerifierKey(ENOCH_VKEY);
    const n = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter]);
    assert.equal(n.text, TEXT);
    assert.deepEqual(
      n.verified.map((s) => s.name),
      ["PeterNeumann"],
    );
    assert.deepEqual(
      n.unverified.map((s) => s.name),
      ["EnochRoot"],
    );
    assert.equal(openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter, enoch]).verified.length, 2);
    assert.throws(() => openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, []), /no verifiable signatures/);
  });
  it("rejects a bad signature, edited text and malformed notes", () => {
    const peter = parseVerifierKey(PETER_VKEY);
    const badSig = `${TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    assert.throws(() => openNote(badSig, [peter]), /invalid signature|malformed/);
    assert.throws(
      () => openNote(`${TEXT.replace("answer", "answers")}\n${PETER_SIG}`, [peter]),
      /invalid signature/,
    );
    for (const bad of [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
    ]) {
      assert.throws(() => openNote(bad, [peter]), Error, JSON.stringify(bad));
    }
  });
});

describe("checkpoints and tlog proofs", () => {
  const signer = signerFromSeed("example.com/log", Buffer.alloc(32, 7));
  const root = hashLeaf("x");
  it("signs and opens a checkpoint; a different origin or edited size fails", () => {
    const note = signCheckpoint({ origin: signer.name, size: 3, root }, signer);
    assert.ok(note.startsWith(`example.com/log\n3\n${root.toString("base64")}\n\n— example.com/log `));
    assert.deepEqual(openCheckpoint(note, signer), { origin: signer.name, size: 3, root });
    assert.throws(() => openCheckpoint(note.replace("\n3\n", "\n4\n"), signer), /invalid signature/);
    const other = signerFromSeed("example.com/other", Buffer.alloc(32, 7));
    assert.throws(
      () => openCheckpoint(signCheckpoint({ origin: "x.example", size: 1, root }, other), other),
      /origin/,
    );
    assert.throws(() => parseCheckpointText("a\n01\nAAAA\n"), /tree size/);
  });
  it("formats and parses the C2SP tlog-proof layout", () => {
    const checkpoint = signCheckpoint({ origin: signer.name, size: 2, root }, signer);
    const text = formatTlogProof({ index: 1, hashes: [root], checkpoint, extra: Buffer.from("hi") });
    const lines = text.split("\n");
    assert.equal(lines[0], "c2sp.org/tlog-proof@v1");
    assert.equal(lines[1], `extra ${Buffer.from("hi").toString("base64")}`);
    assert.equal(lines[2], "index 1");
    assert.equal(lines[3], root.toString("base64"));
    assert.equal(lines[4], "");
    assert.equal(lines.slice(5).join("\n"), checkpoint);
    const p = parseTlogProof(text);
    assert.equal(p.index, 1);
    assert.deepEqual(p.hashes, [root]);
    assert.equal(p.checkpoint, checkpoint);
    assert.equal(checkpointText({ origin: "o", size: 0, root }), `o\n0\n${root.toString("base64")}\n`);
  });
});

describe("ledger key", () => {
  it("is created on first use under AIRLOCK_HOME with mode 0600 and reused afterwards", () => {
    const home = mkdtempSync(join(tmpdir(), "airlock-key-"));
    const saved = process.env.AIRLOCK_HOME;
    process.env.AIRLOCK_HOME = join(home, "nested");
    try {
      const a = loadOrCreateLedgerSigner();
      const path = join(home, "nested", "ledger.key");
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(statSync(join(home, "nested")).mode & 0o777, 0o700);
      assert.match(
        readFileSync(path, "utf8"),
        /^PRIVATE\+KEY\+airlock\.local\/ledger\/[0-9a-f]{8}\+[0-9a-f]{8}\+/,
      );
      const b = loadOrCreateLedgerSigner();
      assert.equal(encodeVerifierKey(a), encodeVerifierKey(b));
    } finally {
      if (saved === undefined) delete process.env.AIRLOCK_HOME;
      else process.env.AIRLOCK_HOME = saved;
    }
  });
});
