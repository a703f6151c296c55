/**
 * Every emulated service, keyed by SigV4 signing name. Vending an account needs only Organizations,
 * Account and STS; the other twelve services (and the tagging API over them) are loaded on first need
 * or once vending begins (loadAllServices), so a run's start-up before CreateAccount, and `emulator
 * start`, do not wait for about 50 ms of their modules (issue #13: load emulator modules lazily).
 */
import type { ServiceDefinition } from '../core/types.js'
import account from './account/index.js'
import organizations from './organizations/index.js'
import sts from './sts/index.js'

const services = new Map<string, ServiceDefinition>(
  [organizations, account, sts].map((service) => [service.signingName, service]),
)
let all: Promise<ReadonlyMap<string, ServiceDefinition>> | undefined
let complete = false

/**
 * The services loaded so far: Organizations, Account and STS, then every service once loadAllServices()
 * has settled. Routing reads it synchronously and asks for the rest when a request names none of these.
 */
export const LOADED_SERVICES: ReadonlyMap<string, ServiceDefinition> = services

/** Every service (loaded once; later calls get the same map). Entries set meanwhile (test services) are kept. */
export function loadAllServices(): Promise<ReadonlyMap<string, ServiceDefinition>> {
  all ??= import('./more-services.js').then(({ MORE_SERVICES, createTaggingService }) => {
    // In the order routing has always tried them (route-service.ts guesses unsigned requests in order).
    for (const service of MORE_SERVICES)
      if (!services.has(service.signingName)) services.set(service.signingName, service)
    // The tagging API reads every other service's resources.
    const tagging = createTaggingService(() => services.values())
    if (!services.has(tagging.signingName)) services.set(tagging.signingName, tagging)
    complete = true
    return services
  })
  return all
}

/** Whether loadAllServices() has settled: until then LOADED_SERVICES may lack a service. */
export const allServicesLoaded = (): boolean => complete
