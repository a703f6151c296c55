// `npm run build`'s last step, after tsc: the compiled CLI (dist/cli/main.js and every harness module it
// reaches) bundled by esbuild as dist/cli/harness.js, which bin.mjs runs, and the chunks it imports
// lazily, dist/cli/harness-<name>-<hash>.js (split where the CLI has an import(): `--help` loads none
// of `run`'s). Node then reads and links about 100 files instead of about 500: a run's start-up before
// CreateAccount is about 60 ms shorter, `harness report` about 50 ms (issue #13). The chunks sit beside
// the entry so paths relative to a module (package.json, bin.mjs) stay right. zod and p-retry go in
// with it (zod alone is 95 files); the AWS SDK (CommonJS, required where used), iam-data (reads its data
// files from its own directory) and tsx (its own hooks and loader files) stay in node_modules. The
// scenario worker (dist/runtime/contained/scenario-worker.js) and the authoring API (dist/index.js) stay
// as tsc wrote them: user files import the latter, and the state they share with the CLI lives on
// globalThis (Symbol.for keys), so a second copy of a module changes nothing.
// A script, not esbuild's command line, so `npm run build` reads the same on every shell.
import { readdirSync, rmSync } from 'node:fs'
import { build } from 'esbuild'

const cli = new URL('../../dist/cli/', import.meta.url)
/** esbuild's chunk names here: harness-[name]-[hash], the hash 8 upper-case letters and digits. */
const CHUNK = /^harness-[a-z0-9-]+-[A-Z0-9]{8}\.js$/

// The last build's chunks: their names change with their content.
for (const file of readdirSync(cli)) if (CHUNK.test(file)) rmSync(new URL(file, cli))

await build({
  entryPoints: { harness: new URL('main.js', cli).pathname },
  outdir: cli.pathname,
  chunkNames: 'harness-[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@aws-sdk/*', '@smithy/*', '@cloud-copilot/*', 'tsx', 'tsx/*'],
  logLevel: 'warning',
})
