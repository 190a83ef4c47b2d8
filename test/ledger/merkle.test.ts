// RFC 6962 Merkle tree: checked against the published test vectors used by Certificate Transparency.
// Source of the vectors: github.com/transparency-dev/merkle, files proof/verify_test.go (leaves, roots,
// inclusionProofs, consistencyProofs, corrupt-proof probes) and rfc6962/rfc6962_test.go (hasher vectors);
// the same vectors appear in google/certificate-transparency-go merkletree tests.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  consistencyProof,
  EMPTY_ROOT,
  emptyFrontier,
  frontierAppend,
  frontierRoot,
  hashChildren,
  hashLeaf,
  inclusionProof,
  rootFromInclusionProof,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from "../../src/ledger/merkle.js";

const dh = (hex: string): Buffer => Buffer.from(hex, "hex");

// transparency-dev/merkle proof/verify_test.go: `leaves`
const LEAVES = [
  "",
  "00",
  "10",
  "2021",
  "3031",
  "40414243",
  "5051525354555657",
  "606162636465666768696a6b6c6d6e6f",
].map(dh);
// `roots`: roots[i] is the tree head of the first i+1 leaves.
const ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
].map(dh);
// `inclusionProofs`: {leaf (1-based), size, proof}
const INCLUSION: { leaf: number; size: number; proof: string[] }[] = [
  {
    leaf: 1,
    size: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    leaf: 6,
    size: 8,
    proof: [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  { leaf: 3, size: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  {
    leaf: 2,
    size: 5,
    proof: [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
];
// `consistencyProofs`: {size1, size2, proof}
const CONSISTENCY: { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
];
const SOME_HASH = dh("abacaba000000000000000000000000000000000000000000060061e00123456");

const leafHashes = LEAVES.map((l) => hashLeaf(l));

describe("RFC 6962 hashing (rfc6962_test.go vectors)", () => {
  it("empty tree, empty leaf, leaf and node hashes", () => {
    assert.equal(
      EMPTY_ROOT.toString("hex"),
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    assert.equal(rootFromLeafHashes([]).toString("hex"), EMPTY_ROOT.toString("hex"));
    assert.equal(
      hashLeaf(Buffer.alloc(0)).toString("hex"),
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    );
    assert.equal(
      hashLeaf("L123456").toString("hex"),
      "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56",
    );
    assert.equal(
      hashChildren(Buffer.from("N123"), Buffer.from("N456")).toString("hex"),
      "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb",
    );
  });
});

describe("tree heads", () => {
  it("matches the published root for every prefix of the 8 test leaves", () => {
    for (let n = 1; n <= 8; n++)
      assert.deepEqual(rootFromLeafHashes(leafHashes, 0, n), ROOTS[n - 1], `size ${n}`);
  });
  it("the incremental frontier gives the same heads as the full computation", () => {
    let f = emptyFrontier();
    assert.deepEqual(frontierRoot(f), EMPTY_ROOT);
    for (let n = 1; n <= 8; n++) {
      f = frontierAppend(f, leafHashes[n - 1]);
      assert.deepEqual(frontierRoot(f), ROOTS[n - 1], `size ${n}`);
    }
    assert.ok(f.hashes.length <= 4);
  });
});

describe("inclusion proofs", () => {
  for (const v of INCLUSION) {
    it(`generates and verifies the published proof for leaf ${v.leaf - 1} of ${v.size}`, () => {
      const proof = inclusionProof(v.leaf - 1, v.size, leafHashes);
      assert.deepEqual(
        proof.map((p) => p.toString("hex")),
        v.proof,
      );
      const root = ROOTS[v.size - 1];
      assert.deepEqual(rootFromInclusionProof(v.leaf - 1, v.size, leafHashes[v.leaf - 1], proof), root);
      assert.ok(verifyInclusion(v.leaf - 1, v.size, leafHashes[v.leaf - 1], proof, root));
    });
    it(`rejects every corrupted variant of the proof for leaf ${v.leaf - 1} of ${v.size}`, () => {
      const i = v.leaf - 1;
      const proof = v.proof.map(dh);
      const root = ROOTS[v.size - 1];
      const leaf = leafHashes[i];
      const probes: [number, number, Buffer, Buffer, Buffer[], string][] = [
        [i - 1, v.size, root, leaf, proof, "leafIndex - 1"],
        [i + 1, v.size, root, leaf, proof, "leafIndex + 1"],
        [i ^ 2, v.size, root, leaf, proof, "leafIndex ^ 2"],
        [i, v.size * 2, root, leaf, proof, "treeSize * 2"],
        [i, Math.floor(v.size / 2), root, leaf, proof, "treeSize / 2"],
        [i, v.size, root, Buffer.from("WrongLeaf"), proof, "wrong leaf"],
        [i, v.size, EMPTY_ROOT, leaf, proof, "empty root"],
        [i, v.size, SOME_HASH, leaf, proof, "random root"],
        [i, v.size, root, leaf, [...proof, Buffer.alloc(0)], "trailing garbage"],
        [i, v.size, root, leaf, [...proof, root], "trailing root"],
        [i, v.size, root, leaf, [Buffer.alloc(0), ...proof], "preceding garbage"],
        [i, v.size, root, leaf, [root, ...proof], "preceding root"],
      ];
      for (let k = 0; k < proof.length; k++) {
        const bad = proof.map((p) => Buffer.from(p));
        bad[k][0] ^= 8;
        probes.push([i, v.size, root, leaf, bad, `modified proof[${k}] bit 3`]);
      }
      if (proof.length > 0) probes.push([i, v.size, root, leaf, proof.slice(0, -1), "removed component"]);
      if (proof.length > 1)
        probes.push([i, v.size, root, leaf, [proof[0], SOME_HASH, ...proof.slice(1)], "inserted"]);
      for (const [idx, size, r, l, p, desc] of probes) {
        assert.equal(verifyInclusion(idx, size, l, p, r), false, desc);
      }
    });
  }
  it("single-entry tree: root equals leaf hash with an empty proof; bad sizes are rejected", () => {
    const h = hashLeaf("data");
    assert.ok(verifyInclusion(0, 1, h, [], h));
    assert.equal(verifyInclusion(0, 1, Buffer.alloc(0), [], h), false);
    assert.equal(verifyInclusion(0, 1, h, [], Buffer.alloc(0)), false);
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
    ]) {
      assert.equal(verifyInclusion(index, size, SOME_HASH, [], EMPTY_ROOT), false);
    }
  });
});

describe("consistency proofs", () => {
  for (const v of CONSISTENCY) {
    it(`generates and verifies the published proof ${v.size1} → ${v.size2}`, () => {
      const proof = consistencyProof(v.size1, v.size2, leafHashes);
      assert.deepEqual(
        proof.map((p) => p.toString("hex")),
        v.proof,
      );
      assert.ok(verifyConsistency(v.size1, v.size2, ROOTS[v.size1 - 1], ROOTS[v.size2 - 1], proof));
    });
    if (v.proof.length === 0) continue;
    it(`rejects every corrupted variant of the proof ${v.size1} → ${v.size2}`, () => {
      const { size1, size2 } = v;
      const r1 = ROOTS[size1 - 1];
      const r2 = ROOTS[size2 - 1];
      const proof = v.proof.map(dh);
      const probes: [number, number, Buffer, Buffer, Buffer[], string][] = [
        [size1 - 1, size2, r1, r2, proof, "size1 - 1"],
        [size1 + 1, size2, r1, r2, proof, "size1 + 1"],
        [size1 ^ 2, size2, r1, r2, proof, "size1 ^ 2"],
        [size1, size2 * 2, r1, r2, proof, "size2 * 2"],
        [size1, Math.floor(size2 / 2), r1, r2, proof, "size2 / 2"],
        [size1, size2, Buffer.from("WrongRoot"), r2, proof, "wrong root1"],
        [size1, size2, r1, Buffer.from("WrongRoot"), proof, "wrong root2"],
        [size1, size2, r2, r1, proof, "swapped roots"],
        [size1, size2, r1, r2, [], "empty proof"],
        [size1, size2, r1, r2, [...proof, Buffer.alloc(0)], "trailing garbage"],
        [size1, size2, r1, r2, [...proof, r1], "trailing root1"],
        [size1, size2, r1, r2, [...proof, r2], "trailing root2"],
        [size1, size2, r1, r2, [Buffer.alloc(0), ...proof], "preceding garbage"],
        [size1, size2, r1, r2, [r1, ...proof], "preceding root1"],
        [size1, size2, r1, r2, [r2, ...proof], "preceding root2"],
        [size1, size2, r1, r2, [proof[0], ...proof], "preceding proof[0]"],
        [size1, size2, r1, r2, proof.slice(0, -1), "truncated proof"],
      ];
      for (let k = 0; k < proof.length; k++) {
        const bad = proof.map((p) => Buffer.from(p));
        bad[k][0] ^= 16;
        probes.push([size1, size2, r1, r2, bad, `modified proof[${k}] bit 4`]);
      }
      for (const [s1, s2, a, b, p, desc] of probes)
        assert.equal(verifyConsistency(s1, s2, a, b, p), false, desc);
    });
  }
  it("edge cases from TestVerifyConsistency", () => {
    const root1 = Buffer.from("don't care 1");
    const root2 = Buffer.from("don't care 2");
    assert.equal(verifyConsistency(0, 0, root1, root2, []), false);
    assert.equal(verifyConsistency(1, 1, root1, root2, []), false);
    assert.equal(verifyConsistency(0, 0, root1, root1, []), true);
    assert.equal(verifyConsistency(0, 1, root1, root2, []), true);
    assert.equal(verifyConsistency(1, 1, root2, root2, []), true);
    assert.equal(verifyConsistency(1, 0, root1, root2, []), false);
    assert.equal(verifyConsistency(2, 1, root1, root2, []), false);
    assert.equal(verifyConsistency(1, 2, root1, root2, []), false);
    assert.equal(verifyConsistency(0, 0, EMPTY_ROOT, root2, []), false);
    assert.equal(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]), false);
    assert.equal(verifyConsistency(0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]), false);
    assert.equal(verifyConsistency(1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]), false);
  });
});

describe("properties over random trees", () => {
  it("every generated inclusion and consistency proof verifies, and a flipped bit never does", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(), fc.nat(), (n, a, b) => {
        const hashes = Array.from({ length: n }, (_, i) => hashLeaf(`leaf-${i}`));
        const root = rootFromLeafHashes(hashes);
        const idx = a % n;
        const p = inclusionProof(idx, n, hashes);
        if (!verifyInclusion(idx, n, hashes[idx], p, root)) return false;
        const m = (b % n) + 1;
        const c = consistencyProof(m, n, hashes);
        if (!verifyConsistency(m, n, rootFromLeafHashes(hashes, 0, m), root, c)) return false;
        if (p.length > 0) {
          const bad = p.map((x) => Buffer.from(x));
          bad[0][5] ^= 1;
          if (verifyInclusion(idx, n, hashes[idx], bad, root)) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
