// Kubernetes manifest pairs: `airlock analyze --before PATH --after PATH` (files or folders).
import type { ChangeSet } from "../../model/types.js";
import { readManifestSide } from "./manifest-reader.js";
import { diffManifests } from "./normalize.js";

export { readManifestFile, readManifestSide } from "./manifest-reader.js";
export { diffManifests } from "./normalize.js";

export function loadManifestPair(beforePath: string, afterPath: string): ChangeSet {
  return diffManifests(readManifestSide(beforePath), readManifestSide(afterPath));
}
