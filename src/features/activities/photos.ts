// Photos of an activity (optional, never required — SPEC §1): re-encoded on the device to a JPEG of at most
// 300 KB without EXIF or location (SPEC §4 privacy), kept on this device only. The compression library is
// loaded on first use, so it stays out of the first route's bundle.

/** The most a stored photo may weigh, in bytes. */
export const MAX_PHOTO_BYTES = 300 * 1000

export type PhotoErrorKey = 'activities.photos.errors.notImage' | 'activities.photos.errors.unreadable' | 'activities.photos.errors.tooLarge'

/** A photo that cannot be stored, with the message key the user sees. */
export class PhotoError extends Error {
  constructor(readonly key: PhotoErrorKey, options?: { cause?: unknown }) {
    super(key, options)
    this.name = 'PhotoError'
  }
}

export interface CompressedPhoto {
  dataUrl: string
  size: number
}

/** Tried in turn until the result fits: a phone photo of 4000 px fits at 1600 px; a noisy one may need less. */
const MAX_SIDES = [1600, 1280, 960] as const

export async function compressPhoto(file: File): Promise<CompressedPhoto> {
  if (!file.type.startsWith('image/')) throw new PhotoError('activities.photos.errors.notImage')
  const { default: imageCompression } = await import('browser-image-compression')
  for (const maxWidthOrHeight of MAX_SIDES) {
    let out: File
    try {
      out = await imageCompression(file, {
        maxSizeMB: MAX_PHOTO_BYTES / 1024 / 1024,
        maxWidthOrHeight,
        fileType: 'image/jpeg',
        initialQuality: 0.85,
        preserveExif: false,
        // its worker would load the library from a public CDN (SPEC §10) and fail offline: stay on this thread
        useWebWorker: false,
      })
    } catch (error) {
      throw new PhotoError('activities.photos.errors.unreadable', { cause: error })
    }
    // the canvas re-encoding already drops EXIF; strip again so no browser's encoder can carry metadata through
    const bytes = stripJpegMetadata(new Uint8Array(await out.arrayBuffer()))
    if (bytes.length <= MAX_PHOTO_BYTES) return { dataUrl: jpegDataUrl(bytes), size: bytes.length }
  }
  throw new PhotoError('activities.photos.errors.tooLarge')
}

/** APP1 (EXIF, XMP — where GPS lives), APP13 (IPTC) and comments: dropped; the image itself is untouched. */
const METADATA_MARKERS = new Set([0xe1, 0xed, 0xfe])

/**
 * The JPEG without its metadata segments. Walks the marker segments up to the start of scan (SOS); what
 * follows is image data and is copied as is. Throws RangeError on bytes that are not a JPEG.
 */
export function stripJpegMetadata(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new RangeError('not a JPEG')
  const kept: Uint8Array[] = [bytes.subarray(0, 2)]
  let i = 2
  while (i < bytes.length) {
    if (bytes[i] !== 0xff || i + 1 >= bytes.length) throw new RangeError(`malformed JPEG at byte ${i}`)
    const marker = bytes[i + 1]!
    if (marker === 0xff) { i += 1; continue } // fill byte before a marker
    if (marker === 0xda || marker === 0xd9) break // start of scan or end of image: the rest is kept whole
    if (i + 4 > bytes.length) throw new RangeError(`malformed JPEG at byte ${i}`)
    const end = i + 2 + ((bytes[i + 2]! << 8) | bytes[i + 3]!)
    if (end > bytes.length || end < i + 4) throw new RangeError(`malformed JPEG segment at byte ${i}`)
    if (!METADATA_MARKERS.has(marker)) kept.push(bytes.subarray(i, end))
    i = end
  }
  kept.push(bytes.subarray(i))
  const out = new Uint8Array(kept.reduce((n, part) => n + part.length, 0))
  let at = 0
  for (const part of kept) {
    out.set(part, at)
    at += part.length
  }
  return out
}

export function jpegDataUrl(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return `data:image/jpeg;base64,${btoa(binary)}`
}

/** The bytes of a data URL (tests, and the size check of stored photos). */
export function dataUrlBytes(dataUrl: string): Uint8Array {
  const binary = atob(dataUrl.slice(dataUrl.indexOf(',') + 1))
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}
