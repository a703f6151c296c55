/**
 * Which service a request is for: the SigV4 credential scope names it; unsigned requests are
 * recognised by X-Amz-Target prefix, query Version or REST route so they can be refused in the
 * right protocol. Paths under /global-sts are the STS global endpoint.
 */
import { readForm } from '../protocols/form.js'
import { headerValue, type IncomingRequest } from '../protocols/types.js'
import { allServicesLoaded, LOADED_SERVICES, loadAllServices } from '../services/index.js'
import { targetPrefixesOf } from './target-prefixes.js'
import type { ServiceDefinition } from './types.js'

export const GLOBAL_STS_PATH = '/global-sts'

export interface RoutedService {
  service: ServiceDefinition
  globalEndpoint: boolean
}

export function isGlobalStsPath(rawPath: string): boolean {
  return rawPath === GLOBAL_STS_PATH || rawPath.startsWith(`${GLOBAL_STS_PATH}/`)
}

/**
 * routeService, loading the services beyond account vending's (services/index.ts) when the request is for
 * none of those loaded so far: undefined only when no emulated service takes it.
 */
export async function routeToAnyService(
  request: IncomingRequest,
  scopeService: string | undefined,
): Promise<RoutedService | undefined> {
  const routed = routeService(request, scopeService)
  if (routed || allServicesLoaded()) return routed
  await loadAllServices()
  return routeService(request, scopeService)
}

/** The service of `request` among those loaded so far (LOADED_SERVICES). */
export function routeService(request: IncomingRequest, scopeService: string | undefined): RoutedService | undefined {
  const globalEndpoint = isGlobalStsPath(request.rawPath)
  if (globalEndpoint) {
    const sts = LOADED_SERVICES.get('sts')
    return sts && (scopeService === undefined || scopeService === 'sts') ? { service: sts, globalEndpoint } : undefined
  }
  if (scopeService !== undefined) {
    const service = LOADED_SERVICES.get(scopeService)
    return service ? { service, globalEndpoint } : undefined
  }
  const service = guessUnsignedService(request)
  return service ? { service, globalEndpoint } : undefined
}

function guessUnsignedService(request: IncomingRequest): ServiceDefinition | undefined {
  const target = headerValue(request, 'x-amz-target')
  const version = target ? undefined : readForm(request.body, request.query).get('Version')
  const route = `${request.method.toUpperCase()} ${request.rawPath}`
  for (const service of LOADED_SERVICES.values()) {
    if (target && targetPrefixesOf(service).some((prefix) => target.startsWith(`${prefix}.`))) return service
    if (version && service.apiVersion === version) return service
    if (service.restRoutes && Object.hasOwn(service.restRoutes, route)) return service
  }
  return undefined
}
