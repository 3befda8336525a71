// Builds a py3-none-any wheel from a pure-Python sdist, for projects that
// publish no wheel at all (PyLaTeX). The package files are copied unchanged
// from the hash-checked sdist; only the .dist-info metadata is written here.
// The zip is uncompressed with fixed timestamps and sorted entries so the
// same sdist always gives the same bytes, which lets pypi-lock.json pin the
// wheel's sha256.

import { createHash } from 'node:crypto'
import { crc32, gunzipSync } from 'node:zlib'

/** Regular files of a (gzipped) tar archive as [path, bytes]. Handles ustar prefixes, pax and GNU long names. */
export function readTarGz(gz) {
  const tar = gunzipSync(gz)
  const files = []
  let offset = 0
  let longName
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512)
    if (header.every((b) => b === 0)) break
    const field = (start, length) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '')
    const size = parseInt(field(124, 12).trim() || '0', 8)
    const type = field(156, 1) || '0'
    const prefix = field(257, 6).startsWith('ustar') ? field(345, 155) : ''
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100))
    longName = undefined
    const body = tar.subarray(offset + 512, offset + 512 + size)
    offset += 512 + Math.ceil(size / 512) * 512
    if (type === 'x') {
      const path = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))
      if (path) longName = path[1]
    } else if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '')
    } else if (type === '0' || type === '7') {
      files.push([name, Buffer.from(body)])
    }
  }
  return files
}

/** A zip archive with every entry stored (no compression) and dated 1980-01-01. */
export function storedZip(entries) {
  const locals = []
  const centrals = []
  let offset = 0
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, 'utf8')
    const crc = crc32(data) >>> 0
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(0, 8) // stored
    local.writeUInt16LE(0, 10) // time 00:00
    local.writeUInt16LE(0x21, 12) // date 1980-01-01
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    local.writeUInt16LE(0, 28)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(0x0314, 4) // made by: unix, 2.0
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(0, 10)
    central.writeUInt16LE(0, 12)
    central.writeUInt16LE(0x21, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38) // -rw-r--r--
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, data)
    centrals.push(central, nameBytes)
    offset += local.length + nameBytes.length + data.length
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(centralSize, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, ...centrals, end])
}

function recordHash(data) {
  return `sha256=${createHash('sha256').update(data).digest('base64url')}`
}

/**
 * The wheel for a pure-Python sdist: files under the sdist's top-level
 * packages (from its egg-info top_level.txt) plus a .dist-info made from
 * PKG-INFO and requires.txt. Returns { fileName, bytes }.
 */
export function wheelFromSdist(sdistBytes, { name, version }) {
  const files = readTarGz(sdistBytes)
  const root = `${files[0][0].split('/')[0]}/`
  const inSdist = new Map(files.filter(([path]) => path.startsWith(root)).map(([path, data]) => [path.slice(root.length), data]))
  const eggInfo = [...inSdist.keys()].find((path) => /^[^/]+\.egg-info\/top_level\.txt$/.test(path))?.replace(/top_level\.txt$/, '')
  const pkgInfo = inSdist.get('PKG-INFO')
  if (eggInfo === undefined || pkgInfo === undefined) throw new Error(`${name} ${version}: sdist has no PKG-INFO or egg-info/top_level.txt; cannot repack it as a wheel`)
  const topLevel = inSdist.get(`${eggInfo}top_level.txt`).toString('utf8').split('\n').map((s) => s.trim()).filter(Boolean)
  const requires = (inSdist.get(`${eggInfo}requires.txt`)?.toString('utf8') ?? '').split(/\n\[/)[0].split('\n').map((s) => s.trim()).filter(Boolean)

  const packageFiles = [...inSdist.entries()]
    .filter(([path]) => topLevel.some((top) => path.startsWith(`${top}/`) || path === `${top}.py`))
    .filter(([path]) => !path.includes('/__pycache__/') && !path.endsWith('.pyc'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

  const wheelName = name.replace(/[-_.]+/g, '_')
  const distInfo = `${wheelName}-${version}.dist-info`
  const metadata = Buffer.from(
    pkgInfo
      .toString('utf8')
      .replace(/\n\n/, `\n${requires.map((r) => `Requires-Dist: ${r}\n`).join('')}\n`),
  )
  const meta = [
    [`${distInfo}/METADATA`, metadata],
    [`${distInfo}/WHEEL`, Buffer.from('Wheel-Version: 1.0\nGenerator: pyodide-code-execution scripts/vendor (sdist repack)\nRoot-Is-Purelib: true\nTag: py3-none-any\n')],
    [`${distInfo}/top_level.txt`, Buffer.from(`${topLevel.join('\n')}\n`)],
  ]
  const record = [...packageFiles, ...meta].map(([path, data]) => `${path},${recordHash(data)},${data.length}`).join('\n')
  const entries = [...packageFiles, ...meta, [`${distInfo}/RECORD`, Buffer.from(`${record}\n${distInfo}/RECORD,,\n`)]]
  return { fileName: `${wheelName}-${version}-py3-none-any.whl`, bytes: storedZip(entries) }
}
