import type { PrincipalBlock } from './types.js'

export function matchesAction(pattern: string, action: string): boolean {
  return pattern.toLowerCase() === action.toLowerCase()
}
export function matchesResource(pattern: string, resource: string): boolean {
  return pattern === resource
}
export function matchesPrincipal(block: PrincipalBlock, principalArn: string | undefined): boolean {
  return block === '*' || principalArn !== undefined
}
