// A check-in QR that is redrawn at every 30-s step (SPEC §6): makeCode over the key this device holds, rendered
// to an SVG data URL with qrcode (loaded on demand). Works offline: nothing here touches the network.
import { type Ref, computed, onScopeDispose, ref, watch } from 'vue'
import { type CodeKind, makeCode, secondsLeftInStep, stepOf } from '../../domain/checkin-codes'

export function useRotatingCode(kind: CodeKind, subjectId: Ref<string | null>, key: Ref<string | null | undefined>) {
  const now = ref(Date.now())
  const timer = setInterval(() => { now.value = Date.now() }, 1000)
  onScopeDispose(() => clearInterval(timer))
  const step = computed(() => stepOf(now.value))
  const secondsLeft = computed(() => secondsLeftInStep(now.value))

  /** The QR as an SVG data URL; null until drawn or without a key. */
  const svg = ref<string | null>(null)
  /** The text in the QR (for tests and for copying on a desktop). */
  const text = ref<string | null>(null)
  const failed = ref(false)
  let drawn = 0
  watch([key, subjectId, step], async ([k, subject]) => {
    const run = ++drawn
    if (!k || !subject) { svg.value = null; text.value = null; return }
    try {
      const [code, { default: QRCode }] = await Promise.all([makeCode(kind, subject, k, Date.now()), import('qrcode')])
      const out = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      if (run !== drawn) return
      svg.value = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(out)}`
      text.value = code
      failed.value = false
    } catch (error) {
      console.error('check-in code failed', error)
      if (run === drawn) { svg.value = null; text.value = null; failed.value = true }
    }
  }, { immediate: true })

  return { now, step, secondsLeft, svg, text, failed }
}
