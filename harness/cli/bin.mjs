#!/usr/bin/env node
// The `harness` executable: registers tsx so TypeScript (the CLI, harness.config.ts, scenarios) loads, then runs.
import { register } from 'tsx/esm/api'

register()
// The SDK's Node 20 end-of-support notice is noise in a CLI's output; users can opt back in.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const { runAsProcess } = await import('./main.ts')
await runAsProcess()
