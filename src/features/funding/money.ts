// Typed yuan and match ratios, read exactly (integer fen, integer thousandths) with the reason a text is
// refused as an i18n key. The forms keep what was typed on a refusal: nothing is lost.
import { yuanToFen } from '../../domain/funding'
import { formatRatioMilli } from '../../domain/types'

/** One amount at most 10,000,000.00 yuan: a typo guard far above any branch's funds (the server takes bigint). */
export const MAX_AMOUNT_FEN = 1_000_000_000
/** funding_policies.rate_fen is a Postgres int. */
export const MAX_RATE_FEN = 2_147_483_647
/** numeric(6,3); SPEC §1: the unit matches the allocation at least 1:1. */
export const RATIO_MIN_MILLI = 1000
export const RATIO_MAX_MILLI = 999_999

export type Parsed = { ok: true; value: number } | { ok: false; error: string }

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0C\uFF0E]/g
const halfWidth = (text: string) => text.trim().replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))

/** Positive yuan with at most two decimals, as fen; `max` in fen. */
export function parseYuan(text: string, max = MAX_AMOUNT_FEN): Parsed {
  const plain = halfWidth(text)
  if (plain === '') return { ok: false, error: 'funding.errors.amountRequired' }
  if (/^-/.test(plain)) return { ok: false, error: 'funding.errors.amountPositive' }
  if (/\.\d{3,}\s*\u5143?$/.test(plain)) return { ok: false, error: 'funding.errors.amountDecimals' }
  const fen = yuanToFen(plain)
  if (fen === null) return { ok: false, error: 'funding.errors.amountInvalid' }
  if (fen === 0) return { ok: false, error: 'funding.errors.amountPositive' }
  if (fen > max) return { ok: false, error: 'funding.errors.amountTooLarge' }
  return { ok: true, value: fen }
}

/** Fen as the text a form shows for editing: 100050 → "1000.50". */
export function fenToInput(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}

/** A match ratio "1", "1.5", "1.25" as thousandths, between 1.000 and 999.999. */
export function parseRatio(text: string): Parsed {
  const plain = halfWidth(text).replace(/^1\s*[:\uFF1A]\s*/, '')
  if (plain === '') return { ok: false, error: 'funding.errors.ratioRequired' }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(plain)
  if (!match) return { ok: false, error: 'funding.errors.ratioInvalid' }
  const frac = match[2] ?? ''
  if (frac.length > 3) return { ok: false, error: 'funding.errors.ratioDecimals' }
  if (match[1]!.length > 3) return { ok: false, error: 'funding.errors.ratioTooLarge' }
  const milli = Number(match[1]) * 1000 + Number(frac.padEnd(3, '0'))
  if (milli < RATIO_MIN_MILLI) return { ok: false, error: 'funding.errors.ratioBelowOne' }
  if (milli > RATIO_MAX_MILLI) return { ok: false, error: 'funding.errors.ratioTooLarge' }
  return { ok: true, value: milli }
}

/** Thousandths as a form shows them: 1000 → "1", 1500 → "1.5", 1250 → "1.25". */
export function ratioToInput(milli: number): string {
  return formatRatioMilli(milli).replace(/\.?0+$/, '')
}
