/** Help texts, one per command. */
export const MAIN_HELP = `harness: catch AWS permission drift in brand-new accounts, region by region.

Usage: harness <command> [options]

Commands:
  run                         run the scenarios with the minimal policy in fresh accounts (pool or per run), diff, report
  diff <old-run> <new-run>    compare two run records
  report [<run>]              render reports for a run (default: the latest); --dashboard: the dashboard only
  sweep [--yes]               list (or with --yes remove) what killed or failed runs left behind
  minimize                    find a least policy under which every step passes (emulator, or AWS: new accounts)
  explain [<message>|<file>]  explain an access denial: action, resource, why, a statement that fixes it
  plan [--json]               show tonight's account pool plan (vend, reuse, retire, freshness gaps)
  plan --shards <n>           split the regions into shards for a CI matrix (--json)
  merge                       merge a night's shard records into one run record and one drift report
  issue                       what to do with the drift tracking issue (open, update, close), for gh
  summary                     drift.md fit for a GitHub job summary (clean regions collapsed, < 1 MiB)
  history pull|push|list      sync run history with the store (git:<remote>#<branch> or a directory)
  emulator start              serve the embedded AWS emulator

Options:
  -h, --help                  show help (also: harness <command> --help)
  -v, --version               print the version

Exit codes: 0 pass, 1 findings (a regression, an open or changed denial, an allowed step that must be denied),
2 bad input or usage, 3 provisioning/infrastructure failure, 4 incomplete run (a step errored, a scenario
recorded no step, a region with no conclusive step, more than half the steps inconclusive), 130 interrupted.`

export const RUN_HELP = `Usage: harness run [options]

Vends a brand-new account, enables the regions, assumes a role carrying only the declared policy,
runs every scenario in every region, writes <reports>/runs/<id>.json (a release check's to
<reports>/checks/<id>.json; see --history), drift.json, drift.md, report.html, dashboard.html and
junit.xml, and cleans up. With no AWS organization configured it uses the embedded emulator.
With accounts.strategy 'pool' (the default on --target aws) it runs tonight's pool plan instead (see
harness plan): each (scenario, region) in the pooled or newly vended account the plan assigns, fresh or
seasoned; pool accounts are emptied and kept, spent ones closed.

Options:
  --region <r>           region to test; repeatable, comma-separated, or "all"
  --scenario <name|glob> run the scenarios whose name (logs/create-tagged-log-group) or file name without
                         folder and extension (logs-create-tagged-log-group) matches, exactly or with *
                         wildcards (* also matches /); not a path: 'scenarios/*.ts' matches nothing;
                         repeatable (default: all)
  --policy <file>        declared IAM policy (default scenarios/minimal-policy.json)
  --config <file>        config file (default ./harness.config.ts when present); its folder is where its
                         relative paths and the defaults (scenarios/, reports) resolve from; flags' paths
                         are relative to the working directory
  --reports-dir <dir>    where runs and reports are written (default reports)
  --baseline <run-file|run-id>  compare every step with this run record (a file, or the id of a run
                         or release check in the reports directory) instead of its own latest
                         conclusive outcome there (same target, endpoint and clock, else exit 2)
  --history <store>      history store: git:<remote>#<branch> (e.g. git:origin#harness-results) or a
                         directory; pulled before the run; the run is pushed after it when it is a shard
                         or runs in CI (CI=true, JENKINS_URL, CODEBUILD_BUILD_ID or TF_BUILD set); any
                         other run is a release check: it prints the release-gate line, leaves the store
                         unchanged and keeps its record in <reports>/checks, out of the history
  --push                 push this run (and any earlier run here the store lacks, named) to the history
                         store, also outside CI (e.g. a nightly started by cron)
  --no-push              pull the history store but keep this run out of it (a release gate in CI)
  --shard <i>/<n>        this run is shard i of n of a planned night (see harness plan, harness merge)
  --shard-group <id>     the id shared by every shard of that night (e.g. the workflow run id)
  --target local|aws     embedded emulator or a real AWS organization
  --concurrency <n>      regions run in parallel (default 4)
  --launch               really launch instances instead of DryRun (billable on AWS)
  --verify-fix           after denials, re-run the failing steps under the suggested merged patch in a
                         new account and report the fix verified or not (the exit code stays 1)
  --strategy pool|per-run  accounts from the pool plan (default on aws), or one brand-new account per run
                         (default on the emulator); overrides accounts.strategy
  --keep-account         keep the vended account after the run (per-run; pool accounts are always kept)
  --close-account        close the vended account after the run (per-run)
Embedded emulator only (one at HARNESS_EMULATOR_ENDPOINT takes them at \`harness emulator start\`):
  --emulator-date <ISO date>  the simulated date, e.g. 2022-10-01 to replay AWS as it was
  --time-scale <factor>       scale simulated durations (default 0.01)
  --timeline <file>           extra dated AWS behaviour changes (JSON)
  --faults <file>             injected faults (JSON)
  -h, --help

Environment: HARNESS_TARGET, HARNESS_REGIONS, HARNESS_REPORTS_DIR, HARNESS_HISTORY, HARNESS_POLICY, HARNESS_AWS_PROFILE,
HARNESS_MANAGEMENT_ROLE_ARN, HARNESS_ACCOUNTS_AFTER_RUN, HARNESS_ACCOUNTS_STRATEGY override the config file;
flags override both.
HARNESS_EMULATOR_ENDPOINT=<url> runs on an emulator of its own (\`harness emulator start\`), whose state outlives the run.
HARNESS_EMULATOR_DUMP=<file> writes the emulator's resources and call audit there after a local run.
NO_COLOR disables color; CI=true prints plain lines.`

export const DIFF_HELP = `Usage: harness diff <old-run> <new-run> [--format text|json|markdown] [--reports-dir <dir>]

Compares two runs and prints the drift. A run is a run record file or a run id (as \`harness report\`
takes it), found in the reports directory (--reports-dir, else the config's). With --reports-dir, runs
stored there date each change. Exit codes as for harness run: 1 for findings in the newer run (a
regression, still denied or new; an open or changed denial), 4 if it is incomplete, else 0; runs of
different targets or endpoints, or a replay (--emulator-date) and a run on today's clock, are refused
(exit 2).`

export const REPORT_HELP = `Usage: harness report [<run>] [--dashboard] [--nights <n>] [--reports-dir <dir>] [--config <file>]

Renders drift.md, drift.json, report.html, dashboard.html and junit.xml for a run (default: the latest)
against its baseline. The exit code follows the run's verdict, as for harness run.

Options:
  --dashboard            write only <reports>/dashboard.html: one static page (no server, no external
                         request) with every region now, a timeline of the last runs, one policy patch
                         fixing every open denial, and a drill-down per cell
  --nights <n>           how many runs the dashboard's timeline shows, 1-3650 (default 90)
  --reports-dir <dir>    where the run records are (default reports)
  --config <file>        config file (default ./harness.config.ts when present)
  -h, --help`

export const EMULATOR_HELP = `Usage: harness emulator start [--host 127.0.0.1 [--allow-remote]] [--port 4566] [--token-file <file>]
                              [--date <ISO date>] [--time-scale <factor>] [--timeline <file>] [--faults <file>]
                              [--audit-window <n>]

Serves the embedded AWS emulator until SIGINT/SIGTERM. Credentials: test / test (management account 111111111111).
Its control API (/_emulator/*) takes POSTs only with the printed token: Authorization: Bearer <token>.
See harness emulator start --help for every option.`

export const SWEEP_HELP = `Usage: harness sweep [--yes] [options]

Finds what earlier runs left behind, from the run journals in <reports>/state/journal: accounts whose
creation was never recorded (looked up by their unique name), scenario resources (journaled ARNs and
resources tagged with the run's harness:run-id, through the Resource Groups Tagging API), harness roles,
and accounts the run meant to close (or whose close failed). Pool accounts are emptied and kept; one a
killed run had not recorded yet goes into the ledger with what it may have used. Then, in the organization,
accounts of runs whose journal never reached this directory (a killed CI runner): ACTIVE, named and addressed
with this config's accounts.namePrefix and emailTemplate, tagged harness:managed and harness:after-run=close,
unknown to the ledger and the journals, joined over a day ago; a kept one is only named. Without --yes it
only lists. It never touches an account not tagged harness:managed, nor the management account.
harness run does the same for earlier runs before it vends a new account.

Options:
  --yes                  remove what is listed: delete resources and roles, close accounts (verified)
  --reports-dir <dir>    reports directory holding the journals (default reports)
  --config <file>        config file (default ./harness.config.ts when present)
  --target local|aws     a real AWS organization, or the emulator at HARNESS_EMULATOR_ENDPOINT

Exit codes: 0 nothing left (or a dry run), 2 bad usage, 3 --yes could not remove everything.`
export const EXPLAIN_HELP = `Usage: harness explain [<message> | <file> | -] [--json] [--no-decode] [--region <r>] [--endpoint-url <url>]

Explains an AWS access denial with the same parser runs use: the action, the resource, why AWS refused
(no identity-based policy, explicit deny, SCP, permissions boundary, session policy, resource policy,
tag-on-create), the extra permission AWS named, and a ready Allow statement naming exactly the denied resource
(for EC2 tag-on-create, every type the creating call can tag: AWS names only the first it refuses).

Input (an argument, a file, or stdin when none or "-"):
  a denial message        "User: arn:… is not authorized to perform: logs:CreateLogGroup on resource: …"
  a CloudTrail file       { "Records": [...] } as delivered to S3, gzipped or not; one record; a list of
                          records; or \`aws cloudtrail lookup-events\` output. Every failed call with an
                          access-denied errorCode is explained, including calls AWS services made for you (invokedBy).
  an EC2 encoded message  "Encoded authorization failure message: …" or the blob alone, decoded through
                          STS DecodeAuthorizationMessage with the standard AWS credential chain.
  a harness run record    reports/runs/<id>.json (or reports/checks/<id>.json): every denied step, as the run
                          read it (EC2 blobs the run decoded need no credentials), and every denied call of its
                          CloudTrail capture.

Options:
  --json                  print the explanations as JSON
  --no-decode             do not call STS to decode an encoded authorization message
  --region <r>            STS region for decoding (default AWS_REGION, else us-east-1)
  --endpoint-url <url>    STS endpoint for decoding, e.g. the emulator's http://127.0.0.1:4566
  -h, --help

Exit codes: 0 every denial explained, 2 unreadable input (the output says what was recognised), no denial in
it, a missing file, or bad usage.`

export const MINIMIZE_HELP = `Usage: harness minimize [--policy <file>] [--scenario <name|glob>]… [--region <r>]… [--out <file>] [--json]
                        [--config <file>] [--launch] [--target local|aws]
                        [--emulator-date <ISO date>] [--time-scale <factor>] [--timeline <file>]

Starting from a policy under which every step passes (the declared one, or a wide one such as logs:*, ecr:*,
ec2:*), finds a least policy for the chosen scenarios in the chosen regions, each probe a full run in a
brand-new emulated account: actions the steps were never checked for go in one probe, the rest are removed
by batched ablation (halving groups, not one run per action), then actions granted on * are narrowed to ARN
patterns of what the steps touched (and ec2:CreateTags to its creating call), re-running to confirm.

Prints the policy, the changes against the input, the evidence (which step failed without each action) and
catalogue lint (resource patterns that match no resource type of their actions).

Options:
  --policy <file>        the working policy to start from (default: the declared policy)
  --scenario, --region, --config, --launch, --emulator-date, --timeline: as for harness run
  --time-scale <factor>  scale simulated durations (default 0.001 here)
  --out <file>           also write the least policy there
  --json                 print { policy, diff, evidence, rejectedNarrowings, lint, probes } as JSON
  -h, --help

With --target aws every probe vends a brand-new account (closed after it): harness first checks that the
account quota (HARNESS_ACCOUNT_QUOTA, default 10) leaves room for at least 3 probes, else refuses (exit 3);
candidates are the steps' own calls plus the actions AWS's denials name; resources are narrowed to the
ARN format of each call's resource type (names wildcarded), each narrowing confirmed by a probe.

Exit codes: 0 done, 2 bad input (including a starting policy under which a step fails), 3 emulator failure
or no account slot for the probes.`

export const HISTORY_HELP = `Usage: harness history pull|push|list [--history <store>] [--reports-dir <dir>] [--config <file>] [--json]

The history store keeps run records (one file per run), a compact index and the state files (account
ledger, journal) where every runner and laptop can reach them.
  <store>  git:<remote>#<branch>  an orphan results branch; <remote> is a remote name of the repository
                                  you are in (origin), a URL or a path; e.g. git:origin#harness-results
           <dir>                  a directory with the same layout
Default: --history, else HARNESS_HISTORY, else \`history\` in harness.config.ts.

  pull   copy the store's runs and state into the reports directory (baselines are chosen there)
  push   add the reports directory's new runs and state to the store; a push that loses a race with
         another writer is re-applied on top of theirs and retried. Release checks (runs outside CI
         without --push, and runs with --no-push that are not shards) are in <reports>/checks, never
         pushed
  list   the stored runs, oldest first (--json: the index entries)

Exit codes: 0 done, 2 bad usage or configuration, 3 the store cannot be read or written.`

export const PLAN_HELP = `Usage: harness plan [--json] [options]
       harness plan --shards <n> [--json] [--region <r>]… [--config <file>]

Without --shards: plans tonight's run for the account pool without acting: which kept accounts are
reused, which new accounts would be vended (never beyond the quota minus the reserve), which retire
(fresh for nothing asked for; closed within the close quota), the regions each account needs, which
(scenario, region) pairs run in a fresh account and which in the seasoned one, per region when it was
last tested fresh, and the freshness gaps. It says up front whether "fresh every N nights" is
achievable with the quota: the best N it sustains with no night lost, the N it keeps with slack for
killed or faulted nights, and the N it promises and plans for (never less than that).
Reads <reports>/state/accounts.json (the account ledger) and <reports>/state/freshness.json, or
state/replay-freshness.json when --emulator-date, the config's emulator.date or the emulator at
HARNESS_EMULATOR_ENDPOINT replays another date. With a history store, run \`harness history pull\`
first: plan reads only the reports directory.

Options:
  --json                 print the plan as JSON
  --fresh-every <n>      wanted nights between fresh tests of each (scenario, region) (default:
                         accounts.freshEvery, 20)
  --region <r>           region to plan; repeatable, comma-separated, or "all"
  --scenario <name|glob> scenarios to plan (as for harness run)
  --emulator-date <date> plan the replays' rotation on that ISO date, as harness run --emulator-date runs
                         it (the embedded emulator only)
  --reports-dir <dir>    reports directory (default reports)
  --config <file>        config file (default ./harness.config.ts when present)
  --target local|aws     with aws (or the emulator at HARNESS_EMULATOR_ENDPOINT), plans from the organization
                         as harness run would: its accounts and quota (read-only ListAccounts), each pooled
                         account checked open and tagged harness:managed (DescribeAccount, ListTagsForResource)
Environment: HARNESS_ACCOUNT_QUOTA the organization's account quota on AWS (default 10).
Exit codes: 0 planned, 2 bad input or usage, 3 the organization could not be read.

With --shards <n>: splits the regions (--region, else HARNESS_REGIONS, else the config) into at most <n>
shards (1–256, never more than one per region). Each shard vends its own account and runs only its
regions, so no two shards share an account-region pair; opt-in regions are spread across shards first.
The split is deterministic.
  --json   {"regions": [...], "shards": [{"index", "count", "id": "1/3", "regions": [...]}],
            "matrix": {"include": [{"shard": "1/3", "regions": "us-east-1,ap-east-1"}]}}
           (matrix is ready for a GitHub Actions strategy.matrix via fromJSON)
Run each shard with: harness run --shard <id> --shard-group <night id> --region <its regions>`

export const MERGE_HELP = `Usage: harness merge --shard-group <id> [<shard-run-file>…] [--plan <plan.json>] [--history <store>]
                     [--no-push] [--reports-dir <dir>] [--config <file>]

Combines the shard records of one night (from the history store's shards/<id>/ and any files given) into
one run record and writes drift.json, drift.md, report.html, junit.xml and dashboard.html as a single run
over all the regions would. A shard that did not report leaves its regions inconclusive (exit 4), never green. The
plan comes from --plan (the output of harness plan --json), else it is recomputed from the regions and
the shard count. With a history store the merged run is pushed (unless --no-push), in CI or not:
merging shards is the nightly's own step.

Exit codes: as harness run (0, 1 findings, 2 bad input, 3 store or merge failure, 4 incomplete).`

export const ISSUE_HELP = `Usage: harness issue [--drift <drift.json>] [--current <gh-issue.json>] [--json] [--reports-dir <dir>]

Turns the drift report (default <reports>/drift.json) into the state of one tracking issue:
  open    open findings and no issue yet           reopen  open findings and the issue was closed
  update  the findings changed since the body      none    nothing to do (unchanged, or nothing open)
  close   a complete run with no open finding (an incomplete run never closes it)
--current is the existing issue as printed by
  gh issue list --state all --search '"harness: AWS permission drift" in:title' --json number,state,body
(absent or [] means none). The issue has a stable title and a marker with a fingerprint of the findings
in its body. Prints the action, title and body; --json prints {action, title, number, body, fingerprint,
reason} for the workflow to apply with gh. Exit 0, or 2 for unreadable input.`

export const SUMMARY_HELP = `Usage: harness summary [--append <file>] [--reports-dir <dir>] [--config <file>]

Prints <reports>/drift.md as a GitHub job summary: regions with nothing to look at keep only their verdict
line, and the whole stays under GitHub's 1 MiB step-summary limit (what does not fit is cut, with a pointer
to the report artifact). --append "$GITHUB_STEP_SUMMARY" appends it there instead of printing.`
