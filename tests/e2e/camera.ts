// A camera for the browser tests: Chromium's fake capture device plays a Y4M file (read afresh each time a page
// opens the camera), so a test "holds" a picture in front of the scanner by writing that file. Pictures are RGBA
// frames: pixels taken from what another page shows, or a QR rendered here.
import { writeFileSync } from 'node:fs'
import QRCode from 'qrcode'
import type { Page } from 'playwright-core'

export interface RgbaFrame {
  width: number
  height: number
  data: Uint8Array | number[]
}

/** Chromium flags: a fake camera playing `file`, and camera permission granted without a prompt. */
export const fakeCameraArgs = (file: string): string[] => [
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${file}`,
]

const SIZE = 480

/** The frame centred on a white 480×480 picture, as one grey Y4M frame (4:2:0, neutral chroma). */
export function toY4m(frame: RgbaFrame): Buffer {
  const y = Buffer.alloc(SIZE * SIZE, 235)
  const scale = Math.min(1, (SIZE - 40) / Math.max(frame.width, frame.height))
  const w = Math.floor(frame.width * scale)
  const h = Math.floor(frame.height * scale)
  const left = Math.floor((SIZE - w) / 2)
  const top = Math.floor((SIZE - h) / 2)
  for (let row = 0; row < h; row++) {
    for (let col = 0; col < w; col++) {
      const i = (Math.floor(row / scale) * frame.width + Math.floor(col / scale)) * 4
      const [r, g, b, a] = [frame.data[i]!, frame.data[i + 1]!, frame.data[i + 2]!, frame.data[i + 3]!]
      const luma = (0.299 * r + 0.587 * g + 0.114 * b) * (a / 255) + 255 * (1 - a / 255)
      y[(top + row) * SIZE + left + col] = Math.round(16 + (luma * 219) / 255)
    }
  }
  const chroma = Buffer.alloc((SIZE * SIZE) / 2, 128)
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${SIZE} H${SIZE} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), y, chroma])
}

/** Puts the frame in front of the fake camera (pages that open the camera from now on see it). */
export function showToCamera(file: string, frame: RgbaFrame): void {
  writeFileSync(file, toY4m(frame))
}

/** A blank white picture: nothing to scan. */
export const blankFrame: RgbaFrame = { width: 8, height: 8, data: new Array(8 * 8 * 4).fill(255) }

/** The QR of `text` as the app draws it (error correction M, margin 2), 6 px per module. */
export function qrFrame(text: string): RgbaFrame {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const modules = qr.modules.size
  const px = 6
  const side = (modules + 4) * px
  const data = new Array(side * side * 4).fill(255)
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      const mr = Math.floor(row / px) - 2
      const mc = Math.floor(col / px) - 2
      if (mr >= 0 && mc >= 0 && mr < modules && mc < modules && qr.modules.get(mr, mc)) {
        const i = (row * side + col) * 4
        data[i] = data[i + 1] = data[i + 2] = 0
      }
    }
  }
  return { width: side, height: side, data }
}

/** The pixels of an <img> on a page, exactly as that page shows it (drawn into a canvas at 400×400). */
export async function imagePixels(page: Page, selector: string): Promise<RgbaFrame> {
  return page.locator(selector).evaluate(async (img: HTMLImageElement) => {
    await img.decode()
    const canvas = document.createElement('canvas')
    canvas.width = canvas.height = 400
    const context = canvas.getContext('2d')!
    context.fillStyle = '#fff'
    context.fillRect(0, 0, 400, 400)
    context.drawImage(img, 0, 0, 400, 400)
    return { width: 400, height: 400, data: Array.from(context.getImageData(0, 0, 400, 400).data) }
  })
}
