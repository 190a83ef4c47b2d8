// fast-check generators for JSON values built from given keys and leaves (nested objects and arrays).
import fc from "fast-check";

/** Values of any shape from `leaf` and `key`: leaves, arrays of up to 3, objects of up to 4 members. */
export function jsonTree(key: fc.Arbitrary<string>, leaf: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: "small" },
      leaf,
      fc.array(tie("v"), { maxLength: 3 }),
      fc.dictionary(key, tie("v"), { maxKeys: 4 }),
    ),
  })).v;
}
