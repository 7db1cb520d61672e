import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { makeCode, parseCode } from '../../domain/checkin-codes'
import { framesOf, loadDecoder, scanFrames, type Frame } from './scan'

const KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8'
const MEMBER = '3f0c6f5e-8d1a-4c2b-9e7f-0a1b2c3d4e5f'
const T0 = Date.parse('2026-11-23T02:00:00Z')

/** Paints `text` as a QR code, dark on white, `scale` px per module with a 4-module quiet zone. */
function qrFrame(text: string, scale = 4, quiet = 4): Frame {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const side = (modules.size + 2 * quiet) * scale
  const data = new Uint8ClampedArray(side * side * 4).fill(255)
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / scale) - quiet
      const col = Math.floor(x / scale) - quiet
      const inside = row >= 0 && col >= 0 && row < modules.size && col < modules.size
      if (inside && modules.get(row, col)) data.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3)
    }
  }
  return { data, width: side, height: side }
}

const blank = (side = 120): Frame => ({ data: new Uint8ClampedArray(side * side * 4).fill(255), width: side, height: side })

describe('scan pipeline', () => {
  it('decodes a check-in code painted from qrcode’s own matrix back to the same text', async () => {
    const code = await makeCode('m', MEMBER, KEY, T0)
    const decode = await loadDecoder()
    expect(decode(qrFrame(code))).toBe(code)
  })

  it('finds nothing in a blank frame or an empty one', async () => {
    const decode = await loadDecoder()
    expect(decode(blank())).toBeNull()
    expect(decode({ data: new Uint8ClampedArray(0), width: 0, height: 0 })).toBeNull()
  })

  it('pulls frames until one holds a code the caller accepts, skipping other QR texts', async () => {
    const code = await makeCode('e', MEMBER, KEY, T0)
    const source = framesOf([blank(), qrFrame('https://example.com/'), qrFrame(code), blank()])
    let pulled = 0
    const counting = { next: () => (pulled++, source.next()) }
    expect(await scanFrames(counting, await loadDecoder(), parseCode)).toMatchObject({ kind: 'e', subjectId: MEMBER })
    expect(pulled).toBe(3)
  })

  it('returns null when the source runs dry or the scan is aborted', async () => {
    const decode = await loadDecoder()
    expect(await scanFrames(framesOf([blank(), blank()]), decode, parseCode)).toBeNull()
    const stop = new AbortController()
    stop.abort()
    const code = await makeCode('m', MEMBER, KEY, T0)
    expect(await scanFrames(framesOf([qrFrame(code)]), decode, parseCode, stop.signal)).toBeNull()
  })
})
