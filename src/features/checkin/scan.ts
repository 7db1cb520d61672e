// The scan pipeline (SPEC §6): frames from a pluggable source go through a QR decoder until one yields a text
// the caller accepts. jsQR (~46 KB gzip) is loaded only when the scan screen asks for it (loadDecoder).
import type jsQRFn from 'jsqr'

/** What a canvas's getImageData returns, and what tests can build by hand. */
export interface Frame {
  data: Uint8ClampedArray
  width: number
  height: number
}

/** Camera, file or test frames; null when there are no more (camera stopped, list exhausted). */
export interface FrameSource {
  next(): Promise<Frame | null>
}

export type JsQR = typeof jsQRFn
/** Sync for jsQR; a BarcodeDetector-backed decoder would be async. */
export type FrameDecoder = (frame: Frame) => string | null | Promise<string | null>

/** The QR text in one RGBA frame, or null. Our codes are dark on light, so inverted images are not tried. */
export function decodeFrame(jsQR: JsQR, frame: Frame): string | null {
  if (frame.width <= 0 || frame.height <= 0 || frame.data.length < frame.width * frame.height * 4) return null
  const found = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' })
  return found == null || found.data === '' ? null : found.data
}

/** Loads jsQR on demand and returns a decoder bound to it. */
export async function loadDecoder(): Promise<(frame: Frame) => string | null> {
  const mod: { default: JsQR | { default: JsQR } } = await import('jsqr')
  // jsqr is a CommonJS bundle: depending on the bundler the function is the default export or nested in it
  const jsQR = typeof mod.default === 'function' ? mod.default : mod.default.default
  return (frame) => decodeFrame(jsQR, frame)
}

/**
 * Pulls frames until one decodes to a text that `accept` maps to a value, and returns that value; null when the
 * source runs dry or `signal` aborts. Texts `accept` refuses (other QR codes) are skipped, not errors.
 */
export async function scanFrames<T>(
  source: FrameSource,
  decode: FrameDecoder,
  accept: (text: string) => T | null,
  signal?: AbortSignal,
): Promise<T | null> {
  while (!signal?.aborted) {
    const frame = await source.next()
    if (frame == null || signal?.aborted) return null
    const text = await decode(frame)
    const value = text == null ? null : accept(text)
    if (value != null) return value
  }
  return null
}

/** A source over a fixed list of frames (tests, a picked photo). */
export function framesOf(frames: readonly Frame[]): FrameSource {
  let i = 0
  return { next: async () => frames[i++] ?? null }
}
