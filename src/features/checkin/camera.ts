// The camera as a FrameSource (scan.ts), and the decoder to use: the browser's BarcodeDetector where it reads QR
// codes (Android Chrome, Safari 17+), jsQR otherwise (loaded on demand, bundled: nothing from a CDN).
import { type Frame, type FrameDecoder, type FrameSource, loadDecoder } from './scan'

/** Why the camera could not start, in words the scan screen translates. */
export type CameraProblem = 'denied' | 'missing' | 'busy' | 'insecure' | 'other'

export class CameraError extends Error {
  constructor(readonly problem: CameraProblem, cause?: unknown) {
    super(`camera: ${problem}`, { cause })
    this.name = 'CameraError'
  }
}

function problemOf(error: unknown): CameraProblem {
  const name = (error as { name?: string } | null)?.name
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied'
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing'
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy'
  return 'other'
}

export interface CameraSource extends FrameSource {
  stop(): void
}

/** Largest side of the frames handed to the decoder: enough for a phone-sized QR, cheap to decode. */
const MAX_SIDE = 640
/** Pause between frames: about 8 decodes a second leaves the phone cool and the preview smooth. */
const FRAME_GAP_MS = 120

/**
 * Starts the back camera into `video` (the preview the user sees) and serves frames from it. Throws CameraError.
 */
export async function openCamera(video: HTMLVideoElement): Promise<CameraSource> {
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) throw new CameraError('insecure')
  let stream: MediaStream
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    })
  } catch (error) {
    throw new CameraError(problemOf(error), error)
  }
  video.srcObject = stream
  video.muted = true
  video.setAttribute('playsinline', '')
  try {
    await video.play()
  } catch (error) {
    stream.getTracks().forEach((track) => track.stop())
    throw new CameraError('other', error)
  }
  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d', { willReadFrequently: true })
  let stopped = false
  let last = 0
  return {
    async next(): Promise<Frame | null> {
      const wait = Math.max(0, last + FRAME_GAP_MS - performance.now())
      if (wait) await new Promise((resolve) => setTimeout(resolve, wait))
      last = performance.now()
      if (stopped || !context) return null
      const { videoWidth: w, videoHeight: h } = video
      if (!w || !h) return { data: new Uint8ClampedArray(0), width: 0, height: 0 } // not yet playing: an empty frame
      const scale = Math.min(1, MAX_SIDE / Math.max(w, h))
      canvas.width = Math.round(w * scale)
      canvas.height = Math.round(h * scale)
      context.drawImage(video, 0, 0, canvas.width, canvas.height)
      const image = context.getImageData(0, 0, canvas.width, canvas.height)
      return { data: image.data, width: image.width, height: image.height }
    },
    stop() {
      stopped = true
      stream.getTracks().forEach((track) => track.stop())
      video.srcObject = null
    },
  }
}

interface DetectedBarcode { rawValue: string }
interface BarcodeDetectorLike { detect(source: ImageData): Promise<DetectedBarcode[]> }
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike
  getSupportedFormats(): Promise<string[]>
}

/** BarcodeDetector when this browser has one that reads QR codes, else jsQR. */
export async function chooseDecoder(): Promise<{ decode: FrameDecoder; engine: 'native' | 'jsqr' }> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector
  if (Detector) {
    try {
      if ((await Detector.getSupportedFormats()).includes('qr_code')) {
        const detector = new Detector({ formats: ['qr_code'] })
        const decode: FrameDecoder = async (frame) => {
          if (frame.width <= 0 || frame.height <= 0) return null
          const found = await detector.detect(new ImageData(frame.data as Uint8ClampedArray<ArrayBuffer>, frame.width, frame.height))
          return found[0]?.rawValue || null
        }
        return { decode, engine: 'native' }
      }
    } catch (error) {
      console.warn('scan: BarcodeDetector unusable, using jsQR', error)
    }
  }
  return { decode: await loadDecoder(), engine: 'jsqr' }
}

/** A short confirmation a user notices without looking: a vibration and a beep, where the browser allows them. */
export function confirmFeedback(ok: boolean): void {
  try {
    navigator.vibrate?.(ok ? 60 : [40, 60, 40])
  } catch { /* not allowed before a tap, or not supported */ }
  try {
    const Ctx = window.AudioContext ?? (window as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
    if (!Ctx) return
    const audio = new Ctx()
    const tone = audio.createOscillator()
    const gain = audio.createGain()
    tone.frequency.value = ok ? 1320 : 330
    gain.gain.value = 0.08
    tone.connect(gain).connect(audio.destination)
    tone.start()
    tone.stop(audio.currentTime + (ok ? 0.09 : 0.2))
    tone.onended = () => void audio.close()
  } catch { /* no audio */ }
}
