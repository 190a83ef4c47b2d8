#!/usr/bin/env bash
# Regenerates examples/terraform-data.plan.json with the real terraform binary, offline (terraform_data only).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
cp examples/terraform-data/v1.tf.txt "$work/main.tf"
terraform -chdir="$work" init -input=false -no-color >/dev/null
terraform -chdir="$work" apply -auto-approve -input=false -no-color >/dev/null
cp examples/terraform-data/v2.tf.txt "$work/main.tf"
terraform -chdir="$work" plan -input=false -no-color -out=tfplan >/dev/null
terraform -chdir="$work" show -json tfplan > examples/terraform-data.plan.json
echo "wrote examples/terraform-data.plan.json"
