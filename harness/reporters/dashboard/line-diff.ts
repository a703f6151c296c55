/**
 * A line diff for the policy patch (pure). Hand-written because no diff library is a dependency and a policy
 * is at most a few hundred lines: the classic LCS table is small and exact.
 */
export interface DiffLine {
  op: ' ' | '+' | '-'
  text: string
}

export function lineDiff(before: readonly string[], after: readonly string[]): DiffLine[] {
  const a = before.length === 1 && before[0] === '' ? [] : before
  const n = a.length
  const m = after.length
  // lcs[i][j]: length of the longest common subsequence of a[i..] and after[j..]
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
    }
  }
  const lines: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[i] === after[j]) {
      lines.push({ op: ' ', text: a[i]! })
      i++
      j++
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) lines.push({ op: '-', text: a[i++]! })
    else lines.push({ op: '+', text: after[j++]! })
  }
  while (i < n) lines.push({ op: '-', text: a[i++]! })
  while (j < m) lines.push({ op: '+', text: after[j++]! })
  return lines
}

/** Unchanged runs longer than 2 × context lines are cut to their edges with one `…` line, like `diff -U`. */
export function withContext(lines: readonly DiffLine[], context: number): DiffLine[] {
  const near = lines.map((_, i) =>
    lines.slice(Math.max(0, i - context), i + context + 1).some((line) => line.op !== ' '),
  )
  const out: DiffLine[] = []
  lines.forEach((line, i) => {
    if (line.op !== ' ' || near[i]) out.push(line)
    else if (out.at(-1)?.text !== '…') out.push({ op: ' ', text: '…' })
  })
  return out
}
