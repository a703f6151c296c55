/**
 * The script steps of our own workflow files, job by job, in order: every step with logic is
 * `run: bash .github/scripts/<script> [<phase>]`, so a test can run exactly what the workflow runs.
 * A line reader, not a YAML parser: it only has to read the files in this repository, whose shape the
 * workflow test pins (a step it cannot read makes the test fail, not pass).
 */
export interface ScriptStep {
  script: string
  phase?: string
}

export function scriptStepsByJob(yaml: string): Record<string, ScriptStep[]> {
  const jobs: Record<string, ScriptStep[]> = {}
  let inJobs = false
  let job: string | undefined
  for (const line of yaml.split('\n')) {
    if (/^jobs:\s*$/.test(line)) {
      inJobs = true
      continue
    }
    if (!inJobs) continue
    if (/^\S/.test(line)) break
    const header = /^ {2}([A-Za-z_][\w-]*):\s*$/.exec(line)
    if (header?.[1]) {
      job = header[1]
      jobs[job] = []
      continue
    }
    const step = /^\s+(?:- )?run: bash \.github\/scripts\/([\w.-]+)(?: ([\w-]+))?\s*$/.exec(line)
    if (step?.[1] && job) jobs[job]?.push(step[2] ? { script: step[1], phase: step[2] } : { script: step[1] })
  }
  return jobs
}
