/** What the verdict e2e tests read back from a run's reports. */
import type { Project } from './cli-project.js'

export interface DriftJson {
  changes: Array<{
    region: string
    scenario: string
    step: string
    change: string
    cause?: string
    causeText?: string
    baseline?: { runId: string }
  }>
  verdict: { code: number; reasons: string[] }
}

export const readDrift = async (project: Project, reportsDir = 'reports'): Promise<DriftJson> =>
  JSON.parse(await project.read(`${reportsDir}/drift.json`))

/** The failures and errors JUnit's <testsuites> element counts. */
export const junitCounts = async (project: Project) => {
  const xml = await project.read('reports/junit.xml')
  const head = /<testsuites [^>]*failures="(\d+)" errors="(\d+)"/.exec(xml)
  return { failures: Number(head?.[1]), errors: Number(head?.[2]) }
}

/**
 * The record of the run whose output is `stdout`, by the run id it printed (`run <id>: …`). Not "the last
 * file name": run ids are stamped to the second, so two quick runs need not sort in the order they ran.
 */
export async function runRecordOf<T = Record<string, unknown>>(project: Project, stdout: string): Promise<T> {
  const runId = /run (\S+): /.exec(stdout)?.[1]
  if (!runId) throw new Error(`no "run <id>:" line in the run's output:\n${stdout}`)
  return JSON.parse(await project.read(`reports/runs/${runId}.json`)) as T
}
