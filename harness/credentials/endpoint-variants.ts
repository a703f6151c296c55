/**
 * Client config for an SDK client given an explicit endpoint (the emulator): FIPS and dual-stack endpoints
 * off. Every client's endpoint ruleset rejects either next to a custom endpoint ("Invalid Configuration:
 * FIPS and custom endpoint are not supported", likewise "Dualstack"), so false is the only value that
 * works there. Left unset, each new client looks both up (the environment, then the shared config files,
 * building an error with a stack trace for each miss): ~0.2 ms of CPU per client.
 * Real AWS (no endpoint) keeps the SDK's lookup, where AWS_USE_FIPS_ENDPOINT and the like mean something.
 */
export function endpointVariantConfig(endpoint: unknown): { useFipsEndpoint?: false; useDualstackEndpoint?: false } {
  return endpoint === undefined ? {} : { useFipsEndpoint: false, useDualstackEndpoint: false }
}
