/** IPv4 and IPv6 addresses and CIDR blocks for IpAddress / NotIpAddress. */
import { isIPv4, isIPv6 } from 'node:net'

export interface Cidr {
  version: 4 | 6
  network: bigint
  prefix: number
}

function ipv4ToBigInt(address: string): bigint {
  return address.split('.').reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n)
}

function ipv6ToBigInt(address: string): bigint {
  let text = address
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (v4Tail?.[1]) {
    const v4 = ipv4ToBigInt(v4Tail[1])
    text = `${text.slice(0, v4Tail.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const headParts = head ? head.split(':') : []
  const tailParts = tail ? tail.split(':') : []
  const missing = 8 - headParts.length - tailParts.length
  const parts = [...headParts, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailParts]
  return parts.reduce((acc, part) => (acc << 16n) + BigInt(Number.parseInt(part || '0', 16)), 0n)
}

function toBigInt(address: string): { version: 4 | 6; value: bigint } | undefined {
  if (isIPv4(address)) return { version: 4, value: ipv4ToBigInt(address) }
  if (isIPv6(address)) return { version: 6, value: ipv6ToBigInt(address) }
  return undefined
}

function mask(version: 4 | 6, prefix: number): bigint {
  const bits = version === 4 ? 32 : 128
  return ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n)
}

/** Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address (a /32 or /128). */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', prefixText] = text.trim().split('/')
  const parsed = toBigInt(address)
  if (!parsed) return undefined
  const bits = parsed.version === 4 ? 32 : 128
  const prefix = prefixText === undefined ? bits : Number(prefixText)
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined
  return { version: parsed.version, network: parsed.value & mask(parsed.version, prefix), prefix }
}

export function cidrContains(cidr: Cidr, address: string): boolean {
  const parsed = toBigInt(address.trim())
  if (!parsed || parsed.version !== cidr.version) return false
  return (parsed.value & mask(cidr.version, cidr.prefix)) === cidr.network
}
