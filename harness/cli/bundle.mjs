// `npm run build`'s last step, after tsc: the compiled CLI (dist/cli/main.js and every harness module it
// reaches, those it imports lazily included, still evaluated only when imported) as one ES module,
// dist/cli/harness.js, which bin.mjs runs. Node then reads, links and caches one file instead of about
// 400: a run's start-up before CreateAccount spent about 60 ms more in Node's module loader (issue #13).
// zod and p-retry go in with it (zod alone is 95 files); the AWS SDK (CommonJS, required where used),
// iam-data (reads its data files from its own directory) and tsx (its own hooks and loader files) stay
// in node_modules. The scenario worker (dist/runtime/contained/scenario-worker.js) and the authoring API
// (dist/index.js) stay as tsc wrote them: user files import the latter, and the state they share with the
// CLI lives on globalThis (Symbol.for keys), so a second copy of a module changes nothing.
// A script, not esbuild's command line, so `npm run build` reads the same on every shell.
import { build } from 'esbuild'

const dist = new URL('../../dist/', import.meta.url)

await build({
  entryPoints: [new URL('cli/main.js', dist).pathname],
  outfile: new URL('cli/harness.js', dist).pathname,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@aws-sdk/*', '@smithy/*', '@cloud-copilot/*', 'tsx', 'tsx/*'],
  logLevel: 'warning',
})
