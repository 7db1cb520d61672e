import { describe, expect, it } from 'vitest'
import { compressPhoto, dataUrlBytes, jpegDataUrl, PhotoError, stripJpegMetadata } from './photos'

const segment = (marker: number, payload: number[]) => [0xff, marker, ((payload.length + 2) >> 8) & 0xff, (payload.length + 2) & 0xff, ...payload]
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))
const SOI = [0xff, 0xd8]
const APP0 = segment(0xe0, [...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])
const EXIF = segment(0xe1, [...ascii('Exif'), 0, 0, ...ascii('MM'), 0, 42, ...ascii('GPSLatitude 31.2N')])
const XMP = segment(0xe1, ascii('http://ns.adobe.com/xap/1.0/ <exif:GPSLongitude>121.5E</exif:GPSLongitude>'))
const ICC = segment(0xe2, ascii('ICC_PROFILE'))
const DQT = segment(0xdb, Array.from({ length: 65 }, (_, i) => i))
// image data after SOS may contain anything, even bytes that look like an APP1 marker
const SCAN = [...segment(0xda, [1, 1, 0, 0, 63, 0]), 0x12, 0xff, 0x00, 0xff, 0xe1, 0x34, 0xff, 0xd9]
const contains = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text))

describe('stripJpegMetadata', () => {
  it('drops EXIF and XMP (where GPS lives) and keeps everything else byte for byte', () => {
    const input = Uint8Array.from([...SOI, ...APP0, ...EXIF, ...ICC, ...XMP, ...DQT, ...SCAN])
    expect(contains(input, 'GPS')).toBe(true)
    const out = stripJpegMetadata(input)
    expect([...out]).toEqual([...SOI, ...APP0, ...ICC, ...DQT, ...SCAN])
    expect(contains(out, 'Exif')).toBe(false)
    expect(contains(out, 'GPS')).toBe(false)
  })

  it('leaves a JPEG without metadata as it is, and skips fill bytes', () => {
    const clean = Uint8Array.from([...SOI, ...APP0, ...DQT, ...SCAN])
    expect([...stripJpegMetadata(clean)]).toEqual([...clean])
    const filled = Uint8Array.from([...SOI, 0xff, ...EXIF, ...DQT, ...SCAN])
    expect([...stripJpegMetadata(filled)]).toEqual([...SOI, ...DQT, ...SCAN])
  })

  it('refuses what is not a JPEG or is cut short', () => {
    expect(() => stripJpegMetadata(Uint8Array.from(ascii('\x89PNG')))).toThrow(RangeError)
    expect(() => stripJpegMetadata(Uint8Array.from([...SOI, 0xff, 0xe1, 0x10, 0x00, 1, 2]))).toThrow(RangeError)
    expect(() => stripJpegMetadata(Uint8Array.from([...SOI, 0x00, 0x00]))).toThrow(RangeError)
  })
})

describe('photo data URLs', () => {
  it('round-trips bytes, also beyond one chunk', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256)
    const url = jpegDataUrl(bytes)
    expect(url.startsWith('data:image/jpeg;base64,')).toBe(true)
    expect([...dataUrlBytes(url)]).toEqual([...bytes])
  })
})

describe('compressPhoto', () => {
  it('refuses a file that is not an image before loading the library', async () => {
    const file = new File(['hello'], 'notes.txt', { type: 'text/plain' })
    await expect(compressPhoto(file)).rejects.toEqual(new PhotoError('activities.photos.errors.notImage'))
  })
})
