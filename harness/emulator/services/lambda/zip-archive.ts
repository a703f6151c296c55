/**
 * Whether a deployment package is a zip archive Lambda could open (FACTS.md: Lambda, "Could not unzip
 * uploaded file."). The structure is PKWARE's APPNOTE.TXT: an end-of-central-directory record within
 * the last 65,557 bytes, pointing at a central directory whose entries each point at a local file
 * header. Compressed data is not inflated, so a zip with a corrupt member still passes.
 */
const EOCD = 0x06054b50
const CENTRAL_ENTRY = 0x02014b50
const LOCAL_HEADER = 0x04034b50
const EOCD_SIZE = 22
const MAX_COMMENT = 0xffff

function findEndOfCentralDirectory(bytes: Buffer): number | undefined {
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT)
  for (let at = bytes.length - EOCD_SIZE; at >= lowest; at--) {
    if (bytes.readUInt32LE(at) === EOCD && at + EOCD_SIZE + bytes.readUInt16LE(at + 20) <= bytes.length) return at
  }
  return undefined
}

export function isZipArchive(bytes: Buffer): boolean {
  if (bytes.length < EOCD_SIZE) return false
  const eocd = findEndOfCentralDirectory(bytes)
  if (eocd === undefined) return false
  const entries = bytes.readUInt16LE(eocd + 10)
  const size = bytes.readUInt32LE(eocd + 12)
  const offset = bytes.readUInt32LE(eocd + 16)
  // ZIP64 archives keep the real counts elsewhere; take them as Lambda would open them.
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) return true
  if (offset + size > eocd) return false
  let at = offset
  for (let entry = 0; entry < entries; entry++) {
    if (at + 46 > offset + size || bytes.readUInt32LE(at) !== CENTRAL_ENTRY) return false
    const local = bytes.readUInt32LE(at + 42)
    if (local + 4 > offset || bytes.readUInt32LE(local) !== LOCAL_HEADER) return false
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32)
  }
  return at === offset + size
}
