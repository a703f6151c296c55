/**
 * awsJson services read a body only when it is sent as JSON: any other Content-Type is refused by
 * AWS's front end with 404 and an XML `<UnknownOperationException/>` (FACTS.md). Raw signed
 * requests: an SDK always sends its protocol's Content-Type.
 */
import { describe, expect, it } from 'vitest'
import { signedRequest, withEmulator } from '../testing.js'

const TARGET = { 'x-amz-target': 'Logs_20140328.DescribeLogGroups' }

describe('awsJson Content-Type', () => {
  const emu = withEmulator()

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/x-amz-json-1.0'])(
    'Given a Logs call sent as %s, then it is a 404 XML UnknownOperationException',
    async (contentType) => {
      const response = await signedRequest(emu.endpoint, {
        service: 'logs',
        headers: { ...TARGET, 'content-type': contentType },
        body: '{}',
      })
      expect(response.status).toBe(404)
      expect(response.body).toBe('<UnknownOperationException/>\n')
    },
  )

  it.each(['application/x-amz-json-1.1', 'application/json', ' application/json ; charset=utf-8'])(
    'Given a Logs call sent as %s, then it is served',
    async (contentType) => {
      const response = await signedRequest(emu.endpoint, {
        service: 'logs',
        headers: { ...TARGET, 'content-type': contentType },
        body: '{}',
      })
      expect(response.status).toBe(200)
      expect(JSON.parse(response.body)).toHaveProperty('logGroups')
    },
  )
})

describe('SQS, which AWS also serves in its older query protocol', () => {
  const emu = withEmulator()

  it('Given a query-protocol SQS call (an older SDK), then it is not refused as unframed JSON (review)', async () => {
    const response = await signedRequest(emu.endpoint, {
      service: 'sqs',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListQueues&Version=2012-11-05',
    })
    // The emulator serves SQS's JSON protocol only, and says which operation header it lacks.
    expect(response.status).toBe(400)
    expect(JSON.parse(response.body)).toMatchObject({ __type: 'com.amazonaws.sqs#UnknownOperationException' })
  })
})
