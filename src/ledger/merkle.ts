// RFC 6962 Merkle tree hashing (SHA-256, leaf prefix 0x00, node prefix 0x01): tree heads, inclusion and
// consistency proofs, and their verifiers (the verification algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2).
import { createHash } from "node:crypto";

export const HASH_SIZE = 32;
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = createHash("sha256").digest();

export function hashLeaf(data: Uint8Array | string): Buffer {
  return createHash("sha256").update(LEAF_PREFIX).update(data).digest();
}

export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash("sha256").update(NODE_PREFIX).update(left).update(right).digest();
}

/** Largest power of two strictly smaller than n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The tree head over leafHashes[start, end): a left-to-right pass keeping a stack of perfect subtrees (merged
 * while the two on top have the same height), folded from the right at the end. Equals RFC 6962 MTH.
 */
export function rootFromLeafHashes(
  leafHashes: readonly Uint8Array[],
  start = 0,
  end = leafHashes.length,
): Buffer {
  if (end <= start) return EMPTY_ROOT;
  const hashes: Buffer[] = [];
  const heights: number[] = [];
  for (let i = start; i < end; i++) {
    let h = leafHashes[i] as Buffer;
    let height = 0;
    while (heights.length > 0 && heights[heights.length - 1] === height) {
      h = hashChildren(hashes.pop()!, h);
      heights.pop();
      height++;
    }
    hashes.push(h);
    heights.push(height);
  }
  let root = hashes.pop()!;
  while (hashes.length > 0) root = hashChildren(hashes.pop()!, root);
  return root;
}

/** RFC 6962 §2.1.1 PATH(m, D[n]): the audit path for leaf `index` in the tree of the first `size` leaves. */
export function inclusionProof(index: number, size: number, leafHashes: readonly Uint8Array[]): Buffer[] {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    throw new RangeError(`no leaf ${index} in a tree of size ${size}`);
  }
  if (size > leafHashes.length) throw new RangeError(`tree size ${size} exceeds ${leafHashes.length} leaves`);
  const out: Buffer[] = [];
  const path = (m: number, lo: number, hi: number): void => {
    const n = hi - lo;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      path(m, lo, lo + k);
      out.push(rootFromLeafHashes(leafHashes, lo + k, hi));
    } else {
      path(m - k, lo + k, hi);
      out.push(rootFromLeafHashes(leafHashes, lo, lo + k));
    }
  };
  path(index, 0, size);
  return out;
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]): proves the tree of size `oldSize` is a prefix of the tree of size `newSize`. */
export function consistencyProof(
  oldSize: number,
  newSize: number,
  leafHashes: readonly Uint8Array[],
): Buffer[] {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize) {
    throw new RangeError(`no consistency proof from size ${oldSize} to size ${newSize}`);
  }
  if (newSize > leafHashes.length)
    throw new RangeError(`tree size ${newSize} exceeds ${leafHashes.length} leaves`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const out: Buffer[] = [];
  const sub = (m: number, lo: number, hi: number, complete: boolean): void => {
    const n = hi - lo;
    if (m === n) {
      if (!complete) out.push(rootFromLeafHashes(leafHashes, lo, hi));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, lo, lo + k, complete);
      out.push(rootFromLeafHashes(leafHashes, lo + k, hi));
    } else {
      sub(m - k, lo + k, hi, false);
      out.push(rootFromLeafHashes(leafHashes, lo, lo + k));
    }
  };
  sub(oldSize, 0, newSize, true);
  return out;
}

/** Recomputes the root from an inclusion proof (RFC 9162 §2.1.3.2); throws when the proof has the wrong shape. */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Buffer {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    throw new Error(`index ${index} is beyond tree size ${size}`);
  }
  if (leafHash.length !== HASH_SIZE)
    throw new Error(`leaf hash has ${leafHash.length} bytes, expected ${HASH_SIZE}`);
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (p.length !== HASH_SIZE) throw new Error(`proof hash has ${p.length} bytes, expected ${HASH_SIZE}`);
    if (sn === 0n) throw new Error("inclusion proof is too long");
    if ((fn & 1n) === 1n || fn === sn) {
      r = hashChildren(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new Error("inclusion proof is too short");
  return r;
}

export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  try {
    return rootFromInclusionProof(index, size, leafHash, proof).equals(root);
  } catch {
    return false;
  }
}

/** Consistency proof verification (RFC 9162 §2.1.4.2); returns false for any malformed or wrong proof. */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize)
    return false;
  if (oldSize === newSize) return proof.length === 0 && Buffer.from(oldRoot).equals(newRoot);
  if (oldSize === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  for (const p of proof) if (p.length !== HASH_SIZE) return false;
  if (oldRoot.length !== HASH_SIZE || newRoot.length !== HASH_SIZE) return false;
  const path: Uint8Array[] = (oldSize & (oldSize - 1)) === 0 ? [oldRoot, ...proof] : [...proof];
  let fn = BigInt(oldSize - 1);
  let sn = BigInt(newSize - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && fr.equals(oldRoot) && sr.equals(newRoot);
}

/**
 * A compact range over a tree prefix: the roots of its perfect subtrees, largest first (at most log2(size)+1).
 * Appending updates it in O(log n) hashes and it yields the tree head without reading any older leaf.
 */
export interface Frontier {
  size: number;
  /** Perfect-subtree roots left to right; subtree i covers 2^(bit) leaves for the set bits of size, high to low. */
  hashes: Buffer[];
}

export function emptyFrontier(): Frontier {
  return { size: 0, hashes: [] };
}

export function frontierAppend(f: Frontier, leafHash: Uint8Array): Frontier {
  const hashes = f.hashes.slice();
  let h: Buffer = Buffer.from(leafHash);
  let size = f.size;
  // Each trailing 1-bit of the old size is a perfect subtree of equal height that merges with the new one.
  while ((size & 1) === 1) {
    h = hashChildren(hashes.pop()!, h);
    size = Math.floor(size / 2);
  }
  hashes.push(h);
  return { size: f.size + 1, hashes };
}

export function frontierRoot(f: Frontier): Buffer {
  if (f.size === 0) return EMPTY_ROOT;
  let root: Buffer = f.hashes[f.hashes.length - 1];
  for (let i = f.hashes.length - 2; i >= 0; i--) root = hashChildren(f.hashes[i], root);
  return root;
}
