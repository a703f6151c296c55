/**
 * A URL as harness records and shows it: any `user:password@` in it removed (a proxy's, in
 * AWS_ENDPOINT_URL). A regular expression rather than `new URL()`, which would also normalise the rest
 * (a trailing slash, the host's case) and so change an endpoint that runs are compared by.
 */
export function withoutUserInfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1')
}
