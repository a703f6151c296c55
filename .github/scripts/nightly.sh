#!/usr/bin/env bash
# The nightly drift check's steps, one phase per workflow step (.github/workflows/nightly.yml). Kept
# here rather than inline in the YAML so a test runs exactly these steps, in the workflow's order, on the
# emulator with a local bare repository as the results remote (harness/e2e/workflows.test.ts).
#
# Environment (set by the workflow; defaults make a fork run against the embedded emulator):
#   HARNESS            the harness command (default: npx harness)
#   HARNESS_HISTORY    the history store (default: git:origin#harness-results)
#   SHARDS             plan: how many shards        SHARD  shard: which one (i/n)
#   SHARD_GROUP        shard, merge: the night's id  PLAN   merge: the plan job's JSON output
#   CODE               finish: the merge step's exit code
#   GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP: as GitHub Actions sets them
set -euo pipefail

HARNESS=${HARNESS:-npx harness}
export HARNESS_HISTORY=${HARNESS_HISTORY:-git:origin#harness-results}
TEMP_DIR=${RUNNER_TEMP:-${TMPDIR:-/tmp}}

# Reads one field of a JSON file with node (jq is not everywhere harness runs).
json_field() { node -e 'const v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]]; process.stdout.write(v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v))' "$1" "$2"; }

case "${1:-}" in
  plan)
    $HARNESS plan --shards "${SHARDS:-4}" --json > "$TEMP_DIR/plan.json"
    echo "plan=$(cat "$TEMP_DIR/plan.json")" >> "$GITHUB_OUTPUT"
    echo "matrix=$(json_field "$TEMP_DIR/plan.json" matrix)" >> "$GITHUB_OUTPUT"
    ;;
  git-auth)
    # actions/checkout keeps its token in the checkout's own git config; harness's history checkout is
    # another repository, so share the header through the (ephemeral) runner's global config.
    header=$(git config --local --get http.https://github.com/.extraheader || true)
    if [ -n "$header" ]; then git config --global http.https://github.com/.extraheader "$header"; fi
    ;;
  shard)
    # Findings (1) and an incomplete shard (4) are judged by the merge job over the whole night; bad input
    # (2) and infrastructure failures (3) fail this shard's job at once.
    set +e
    $HARNESS run --shard "$SHARD" --shard-group "$SHARD_GROUP"
    code=$?
    set -e
    if [ "$code" -eq 2 ] || [ "$code" -eq 3 ] || [ "$code" -ge 5 ]; then exit "$code"; fi
    ;;
  merge)
    printf '%s' "$PLAN" > "$TEMP_DIR/plan.json"
    set +e
    $HARNESS merge --shard-group "$SHARD_GROUP" --plan "$TEMP_DIR/plan.json"
    code=$?
    set -e
    echo "code=$code" >> "$GITHUB_OUTPUT"
    ;;
  summary)
    if [ -f reports/drift.md ]; then $HARNESS summary --append "$GITHUB_STEP_SUMMARY"
    else echo "No drift report: see the merge step's log." >> "$GITHUB_STEP_SUMMARY"; fi
    ;;
  issue)
    [ -f reports/drift.json ] || { echo "no drift.json: the drift issue is left as it is"; exit 0; }
    # Found by its stable title; harness then keeps only an issue whose body carries its marker.
    gh issue list --state all --search '"harness: AWS permission drift" in:title' --json number,state,body --limit 20 > "$TEMP_DIR/current-issue.json"
    $HARNESS issue --current "$TEMP_DIR/current-issue.json" --json > "$TEMP_DIR/issue.json"
    action=$(json_field "$TEMP_DIR/issue.json" action)
    number=$(json_field "$TEMP_DIR/issue.json" number)
    json_field "$TEMP_DIR/issue.json" body > "$TEMP_DIR/issue-body.md"
    echo "drift issue: $action ${number:+#$number} ($(json_field "$TEMP_DIR/issue.json" reason))"
    case "$action" in
      open) gh issue create --title "$(json_field "$TEMP_DIR/issue.json" title)" --body-file "$TEMP_DIR/issue-body.md" ;;
      reopen) gh issue reopen "$number" && gh issue edit "$number" --body-file "$TEMP_DIR/issue-body.md" ;;
      update) gh issue edit "$number" --body-file "$TEMP_DIR/issue-body.md" ;;
      close) gh issue close "$number" --comment "$(cat "$TEMP_DIR/issue-body.md")" ;;
      none) ;;
      *) echo "unexpected drift issue action: $action" >&2; exit 3 ;;
    esac
    ;;
  finish)
    # The night's verdict is the merged run's exit code (0 clean, 1 findings, 4 incomplete, 3 failure).
    exit "${CODE:-3}"
    ;;
  *)
    echo "usage: nightly.sh plan|git-auth|shard|merge|summary|issue|finish" >&2
    exit 2
    ;;
esac
