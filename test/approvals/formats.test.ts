// DSSE pre-authentication encoding (test vector from secure-systems-lab/dsse protocol.md "Test Vectors"),
// allowed_signers parsing and matching (ssh-keygen(1) ALLOWED SIGNERS), and Airlock Ed25519 signatures
// checked against an allowed_signers file.
import assert from "node:assert/strict";
import { createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { matchPatternList, parseAllowedSigners, signersFor } from "../../src/approvals/allowed-signers.js";
import { decodeBase64Any, pae } from "../../src/approvals/dsse.js";
import { signMessage, sshEd25519PublicKey, verifyMessage } from "../../src/approvals/signing.js";

function b64url(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex.padStart(64, "0"), "hex").toString("base64url");
}

describe("DSSE", () => {
  it("PAE matches the published test vector", () => {
    assert.equal(
      pae("http://example.com/HelloWorld", Buffer.from("hello world")).toString(),
      "DSSEv1 29 http://example.com/HelloWorld 11 hello world",
    );
  });
  it("the published ECDSA P-256 envelope signature verifies over our PAE bytes", () => {
    const x = 46950820868899156662930047687818585632848591499744589407958293238635476079160n;
    const y = 5640078356564379163099075877009565129882514886557779369047442380624545832820n;
    const key = createPublicKey({
      key: { kty: "EC", crv: "P-256", x: b64url(x), y: b64url(y) },
      format: "jwk",
    });
    const envelope = {
      payload: "aGVsbG8gd29ybGQ=",
      payloadType: "http://example.com/HelloWorld",
      signatures: [
        { sig: "A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==" },
      ],
    };
    const msg = pae(envelope.payloadType, decodeBase64Any(envelope.payload));
    const sig = decodeBase64Any(envelope.signatures[0].sig);
    assert.ok(verify("sha256", msg, { key, dsaEncoding: "ieee-p1363" }, sig));
    assert.equal(
      verify("sha256", Buffer.concat([msg, Buffer.from("x")]), { key, dsaEncoding: "ieee-p1363" }, sig),
      false,
    );
  });
  it("accepts URL-safe base64 too", () => {
    assert.deepEqual(decodeBase64Any("-_8"), Buffer.from([0xfb, 0xff]));
  });
});

describe("allowed_signers", () => {
  const file = [
    "# comment",
    "",
    'alice@example.com,*@ops.example.com namespaces="git,airlock" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== alice',
    "bob@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB==",
    'carol@example.com valid-after="20300101",valid-before="20310101" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC==',
    "*@example.com,!mallory@example.com cert-authority ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID==",
  ].join("\n");
  const entries = parseAllowedSigners(file);
  it("parses principals, options, key type and key", () => {
    assert.equal(entries.length, 4);
    assert.deepEqual(entries[0].options, { namespaces: "git,airlock" });
    assert.equal(entries[1].keyType, "ssh-ed25519");
    assert.deepEqual(entries[1].options, {});
    assert.equal(entries[3].options["cert-authority"], true);
  });
  it("matches pattern lists with wildcards and negation", () => {
    assert.ok(matchPatternList("x@ops.example.com", "alice@example.com,*@ops.example.com"));
    assert.equal(matchPatternList("mallory@example.com", "*@example.com,!mallory@example.com"), false);
    assert.equal(matchPatternList("eve@example.org", "*@example.com"), false);
  });
  it("applies namespaces, validity windows and ignores CA lines", () => {
    const now = new Date("2029-06-01T00:00:00Z");
    assert.equal(signersFor(entries, "alice@example.com", "airlock", now).length, 1);
    assert.equal(signersFor(entries, "alice@example.com", "file", now).length, 0);
    assert.equal(signersFor(entries, "bob@example.com", "anything", now).length, 1);
    assert.equal(signersFor(entries, "carol@example.com", "airlock", now).length, 0);
    assert.equal(
      signersFor(entries, "carol@example.com", "airlock", new Date("2030-06-01T00:00:00Z")).length,
      1,
    );
    assert.equal(signersFor(entries, "dave@example.com", "airlock", now).length, 0);
  });
});

describe("Airlock Ed25519 review signatures", () => {
  it("verify only for a principal whose allowed_signers key matches", () => {
    const dir = mkdtempSync(join(tmpdir(), "airlock-sig-"));
    const keyFile = join(dir, "reviewer.key");
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    writeFileSync(keyFile, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
    const raw = publicKey.export({ format: "der", type: "spki" }).subarray(12);
    const other = generateKeyPairSync("ed25519")
      .publicKey.export({ format: "der", type: "spki" })
      .subarray(12);
    const allowed = join(dir, "allowed_signers");
    writeFileSync(
      allowed,
      `bob@example.com namespaces="airlock" ${sshEd25519PublicKey(raw)}\neve@example.com ${sshEd25519PublicKey(other)}\nzed@example.com namespaces="git" ${sshEd25519PublicKey(raw)}\n`,
    );
    const msg = pae("application/vnd.in-toto+json", Buffer.from('{"a":1}'));
    const { sig } = signMessage(msg, { method: "airlock", key: keyFile });
    assert.equal(verifyMessage(msg, sig, "bob@example.com", allowed).ok, true);
    assert.equal(verifyMessage(msg, sig, "eve@example.com", allowed).ok, false);
    assert.equal(
      verifyMessage(msg, sig, "zed@example.com", allowed).ok,
      false,
      "namespace restricted to git",
    );
    assert.equal(
      verifyMessage(Buffer.concat([msg, Buffer.from(" ")]), sig, "bob@example.com", allowed).ok,
      false,
    );
    assert.equal(verifyMessage(msg, sig, "bob@example.com", undefined).ok, false);
    rmSync(dir, { recursive: true, force: true });
  });
});
