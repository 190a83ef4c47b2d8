// CloudFormation: change sets (`describe-change-set` JSON) and template pairs (`--before/--after`).
// The ingest entry point imports the narrower entries (detect.js, change-set.js, template-pair.js) lazily.
export { changeSetFromText } from "./change-set.js";
export { looksLikeChangeSet, looksLikeKubernetesJson, looksLikeTemplate } from "./detect.js";
export { loadTemplatePair } from "./template-pair.js";
export { parseTemplate, readTemplate } from "./template-reader.js";
