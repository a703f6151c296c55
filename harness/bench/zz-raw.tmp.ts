import http from 'node:http'
import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { startEmulator } from '../emulator/server.js'
const emu = await startEmulator({ port: 0 })
const body = 'Action=GetCallerIdentity&Version=2011-06-15'
const signer = new SignatureV4({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, region: 'us-east-1', service: 'sts', sha256: Hash.bind(null, 'sha256') })
const signed = await signer.sign(new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: emu.port, path: '/', headers: { host: `127.0.0.1:${emu.port}`, 'content-type': 'application/x-www-form-urlencoded' }, body }))
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 })
const one = () => new Promise<number>((resolve, reject) => {
  const req = http.request({ host: '127.0.0.1', port: emu.port, method: 'POST', path: '/', headers: signed.headers, agent }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode!)) })
  req.on('error', reject); req.end(body)
})
console.log(await one())
const N = Number(process.env.N ?? 5000)
let next = 0
const t = performance.now()
await Promise.all(Array.from({ length: 16 }, async () => { while (next < N) { next++; await one() } }))
const s = (performance.now() - t) / 1000
console.log('raw rps', Math.round(N / s))
agent.destroy(); await emu.stop()
