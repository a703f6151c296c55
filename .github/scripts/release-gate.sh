#!/usr/bin/env bash
# The release gate (.github/workflows/release-gate.yml): one region, compared with the nightly's last
# conclusive outcome for each step from the results branch; the store is not changed (--no-push).
#   REGION   the region to check (validated by harness: a bad name is exit 2)
set -euo pipefail

HARNESS=${HARNESS:-npx harness}
export HARNESS_HISTORY=${HARNESS_HISTORY:-git:origin#harness-results}

# A workspace kept from an earlier job must not show that job's verdict if this run stops early.
rm -f reports/release-gate.json
set +e
$HARNESS run --region "$REGION" --no-push
code=$?
set -e
if [ -f reports/release-gate.json ]; then
  node -e 'const g = JSON.parse(require("fs").readFileSync("reports/release-gate.json", "utf8"))
    process.stdout.write(`## ${g.line}\n\n${g.warning ? `> warning: ${g.warning}\n\n` : ""}`)' >> "$GITHUB_STEP_SUMMARY"
fi
[ -f reports/drift.md ] && $HARNESS summary --append "$GITHUB_STEP_SUMMARY"
exit "$code"
