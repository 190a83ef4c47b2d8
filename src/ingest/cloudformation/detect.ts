// Cheap sniffing on the first bytes of an input, with no parser loaded: is it a CloudFormation change set,
// a template, or a Kubernetes JSON manifest? The ingest entry point calls these before importing anything
// heavy, so a Terraform plan never pays for the YAML parser or the CloudFormation modules.

/** Does this look like DescribeChangeSet output? */
export function looksLikeChangeSet(head: string): boolean {
  if (/"format_version"\s*:/.test(head)) return false;
  return /"(ChangeSetId|ChangeSetName|ResourceChange)"\s*:/.test(head);
}

/** A single Kubernetes object written as JSON. */
export function looksLikeKubernetesJson(head: string): boolean {
  return (
    /^\s*\{\s*"(apiVersion|kind)"\s*:/.test(head) && /"kind"\s*:/.test(head) && !/"format_version"/.test(head)
  );
}

/** Does this look like a CloudFormation template (rather than Kubernetes manifests)? */
export function looksLikeTemplate(text: string): boolean {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/^\s*[{[]/.test(t)) {
    const head = t.slice(0, 65536);
    return (
      /"(AWSTemplateFormatVersion|Resources)"\s*:/.test(head) &&
      !/"apiVersion"\s*:\s*"/.test(head.slice(0, 2048))
    );
  }
  return /^(AWSTemplateFormatVersion|Resources|Transform)\s*:/m.test(t) && !/^(apiVersion|kind)\s*:/m.test(t);
}
