/**
 * A stand-in for the `gh` CLI in the workflow test: the issue subcommands nightly.sh uses, with the
 * issues kept in a JSON file (FAKE_GH_STATE), so three nights see the issue as GitHub would hold it.
 * Written as a script file into the test's temp dir; it refuses any other command.
 */
export const FAKE_GH_SCRIPT = `#!/usr/bin/env node
const fs = require('node:fs')
const state = process.env.FAKE_GH_STATE
const issues = fs.existsSync(state) ? JSON.parse(fs.readFileSync(state, 'utf8')) : []
const save = () => fs.writeFileSync(state, JSON.stringify(issues, null, 2))
const args = process.argv.slice(2)
const flag = (name) => { const i = args.indexOf(name); return i === -1 ? undefined : args[i + 1] }
const find = (n) => issues.find((issue) => issue.number === Number(n)) ?? fail('no issue #' + n)
function fail(message) { process.stderr.write('fake gh: ' + message + '\\n'); process.exit(1) }
fs.appendFileSync(state + '.log', args.slice(0, 3).join(' ') + '\\n')
if (args[0] !== 'issue') fail('unsupported: ' + args.join(' '))
switch (args[1]) {
  case 'list': {
    // Only the query nightly.sh sends: '"<words>" in:title'.
    const query = /^"(.+)" in:title$/.exec(flag('--search') ?? '') ?? fail('unsupported search: ' + flag('--search'))
    const fields = (flag('--json') ?? '').split(',')
    const found = issues.filter((issue) => issue.title.includes(query[1]))
    process.stdout.write(JSON.stringify(found.map((issue) => Object.fromEntries(fields.map((f) => [f, issue[f]])))))
    break
  }
  case 'create':
    issues.push({ number: issues.length + 1, state: 'OPEN', title: flag('--title'), body: fs.readFileSync(flag('--body-file'), 'utf8') })
    save()
    break
  case 'edit':
    find(args[2]).body = fs.readFileSync(flag('--body-file'), 'utf8')
    save()
    break
  case 'close':
    find(args[2]).state = 'CLOSED'
    find(args[2]).closingComment = flag('--comment')
    save()
    break
  case 'reopen':
    find(args[2]).state = 'OPEN'
    save()
    break
  default:
    fail('unsupported: ' + args.join(' '))
}
`
