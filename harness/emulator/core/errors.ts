/**
 * An error the emulator answers on the wire. Each protocol serializer turns it into the service's
 * real error shape (JSON `__type`, query `<ErrorResponse>`, EC2 `<Response><Errors>`).
 */
export interface AwsErrorOptions {
  /** HTTP status; 400 unless the service uses another for this code. */
  status?: number
  /** Extra modeled members (e.g. `Reason` on ConstraintViolationException, `reason`/`fieldList` on ValidationException). */
  fields?: Record<string, unknown>
  /** Query protocol `<Type>`: Sender for client faults, Receiver for server faults. */
  fault?: 'client' | 'server'
}

export class AwsError extends Error {
  readonly status: number
  readonly fields: Record<string, unknown>
  readonly fault: 'client' | 'server'

  constructor(
    readonly code: string,
    message: string,
    options: AwsErrorOptions = {},
  ) {
    super(message)
    this.name = code
    this.status = options.status ?? 400
    this.fields = options.fields ?? {}
    this.fault = options.fault ?? (this.status >= 500 ? 'server' : 'client')
  }
}

/** Thrown by the fault injector to make the server drop the connection (ECONNRESET on the client). */
export class ConnectionResetFault extends Error {
  constructor() {
    super('connection reset (injected fault)')
    this.name = 'ConnectionResetFault'
  }
}

export function isAwsError(value: unknown): value is AwsError {
  return value instanceof AwsError
}
