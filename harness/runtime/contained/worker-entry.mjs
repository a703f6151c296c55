// A scenario's worker thread: registers tsx so TypeScript scenario files load, then runs the worker.
import { register } from 'tsx/esm/api'

register()
await import('./scenario-worker.ts')
