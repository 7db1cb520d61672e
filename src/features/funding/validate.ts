// The money forms' rules, as i18n keys shown beside the field; nothing is saved while any is set. The server
// checks what must never be wrong (amounts > 0, a branch, the expense's activity of the same branch); the app
// adds what a finance officer or secretary would expect (no future dates, an expense inside the year shown).
import { isIsoDate } from '../../domain/shanghai'
import type { Expense, FundingMatch, FundingPolicy, IsoDate } from '../../domain/types'
import { formatRatioMilli } from '../../domain/types'
import { MAX_RATE_FEN, parseRatio, parseYuan } from './money'

export const LIMITS = { note: 200, category: 30 } as const

type Errors<F extends string> = Partial<Record<F, string>>

function dayError(value: string, today: IsoDate): string | undefined {
  if (!value) return 'funding.errors.dateRequired'
  if (!isIsoDate(value)) return 'funding.errors.dateInvalid'
  if (value > today) return 'funding.errors.dateFuture'
  return undefined
}

const noteError = (note: string) => (note.trim().length > LIMITS.note ? 'funding.errors.noteTooLong' : undefined)
const orNull = (text: string) => text.trim() || null
const compact = <E extends object>(errors: E): E =>
  Object.fromEntries(Object.entries(errors).filter(([, v]) => v !== undefined)) as E

// ---- matching contributions (finance) ----
export interface MatchValues { branch_id: string | null; amount: string; recorded_on: string; note: string }
export type MatchErrors = Errors<'branch_id' | 'amount' | 'recorded_on' | 'note'>

export function validateMatch(v: MatchValues, ctx: { branchIds: readonly string[]; today: IsoDate }): MatchErrors {
  const amount = parseYuan(v.amount)
  return compact({
    branch_id: !v.branch_id ? 'funding.errors.branchRequired'
      : ctx.branchIds.includes(v.branch_id) ? undefined : 'funding.errors.branchOutside',
    amount: amount.ok ? undefined : amount.error,
    recorded_on: dayError(v.recorded_on, ctx.today),
    note: noteError(v.note),
  })
}

/** The row's fields for a valid form (validateMatch returned no error). */
export function toMatchFields(v: MatchValues, year: number): Omit<FundingMatch, 'id' | 'updated_at' | 'deleted_at'> {
  const amount = parseYuan(v.amount)
  if (!amount.ok || !v.branch_id) throw new RangeError('toMatchFields on invalid values')
  return { branch_id: v.branch_id, year, amount_fen: amount.value, recorded_on: v.recorded_on, note: orNull(v.note) }
}

// ---- expenses (secretary) ----
export interface ExpenseValues { spent_on: string; amount: string; category: string; activity_id: string | null; note: string }
export type ExpenseErrors = Errors<'spent_on' | 'amount' | 'category' | 'activity_id' | 'note'>

export interface ExpenseContext {
  today: IsoDate
  /** The year the screen shows: an expense dated in another year would vanish from the list. */
  year: number
  /** The branch's activities offered by the picker. */
  activityIds: readonly string[]
}

export function validateExpense(v: ExpenseValues, ctx: ExpenseContext): ExpenseErrors {
  const amount = parseYuan(v.amount)
  const category = v.category.trim()
  let spentOn = dayError(v.spent_on, ctx.today)
  if (!spentOn && !v.spent_on.startsWith(`${ctx.year}-`)) spentOn = 'funding.errors.dateOtherYear'
  return compact({
    spent_on: spentOn,
    amount: amount.ok ? undefined : amount.error,
    category: category === '' ? 'funding.errors.categoryRequired'
      : category.length > LIMITS.category ? 'funding.errors.categoryTooLong' : undefined,
    activity_id: v.activity_id && !ctx.activityIds.includes(v.activity_id) ? 'funding.errors.activityUnknown' : undefined,
    note: noteError(v.note),
  })
}

export function toExpenseFields(v: ExpenseValues, branchId: string): Omit<Expense, 'id' | 'updated_at' | 'deleted_at'> {
  const amount = parseYuan(v.amount)
  if (!amount.ok) throw new RangeError('toExpenseFields on invalid values')
  return {
    branch_id: branchId, spent_on: v.spent_on, amount_fen: amount.value, category: v.category.trim(),
    activity_id: v.activity_id, note: orNull(v.note),
  }
}

// ---- funding policies (finance) ----
export interface PolicyValues { rate: string; ratio: string; census_date: string | null }
export type PolicyErrors = Errors<'rate' | 'ratio' | 'census_date'>

/** The census day of a year's rule lies between Jan 1 of the year before and Dec 31 of the year. */
export function censusRange(year: number): { min: IsoDate; max: IsoDate } {
  return { min: `${year - 1}-01-01`, max: `${year}-12-31` }
}

export function validatePolicy(v: PolicyValues, year: number): PolicyErrors {
  const rate = parseYuan(v.rate, MAX_RATE_FEN)
  const ratio = parseRatio(v.ratio)
  const { min, max } = censusRange(year)
  let census: string | undefined
  if (v.census_date) {
    if (!isIsoDate(v.census_date)) census = 'funding.errors.dateInvalid'
    else if (v.census_date < min || v.census_date > max) census = 'funding.errors.censusRange'
  }
  return compact({
    rate: rate.ok ? undefined : rate.error === 'funding.errors.amountRequired' ? 'funding.errors.rateRequired' : rate.error,
    ratio: ratio.ok ? undefined : ratio.error,
    census_date: census,
  })
}

export function toPolicyFields(v: PolicyValues): Pick<FundingPolicy, 'rate_fen' | 'match_ratio' | 'census_date'> {
  const rate = parseYuan(v.rate, MAX_RATE_FEN)
  const ratio = parseRatio(v.ratio)
  if (!rate.ok || !ratio.ok) throw new RangeError('toPolicyFields on invalid values')
  return { rate_fen: rate.value, match_ratio: formatRatioMilli(ratio.value), census_date: v.census_date || null }
}
