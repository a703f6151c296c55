/**
 * Fault-injection hook called by the server before authorization (owned by the faults module).
 * STUB: injects nothing. May throw AwsError (throttling, 500/503), ConnectionResetFault, or delay.
 */
import type { RequestContext, ServiceDefinition } from '../core/types.js'

export async function applyFaults(_ctx: RequestContext, _service: ServiceDefinition): Promise<void> {}
