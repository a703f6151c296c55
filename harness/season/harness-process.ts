/** `harness <args>` as a process from the TypeScript sources, for a season night that is SIGKILLed (night-runner.ts). */
import { runAsProcess } from '../cli/main.js'

await runAsProcess()
