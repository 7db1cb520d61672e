import { describe, expect, test } from 'vitest'
import {
  censusRange, toExpenseFields, toMatchFields, toPolicyFields, validateExpense, validateMatch, validatePolicy,
  type ExpenseValues, type MatchValues,
} from './validate'

const today = '2026-11-23'

describe('matching contributions', () => {
  const good: MatchValues = { branch_id: 'b1', amount: '1,000.50', recorded_on: today, note: '  第二批 ' }
  const ctx = { branchIds: ['b1', 'b2'], today }

  test('a valid form becomes the row, with the year of the screen and the amount in fen', () => {
    expect(validateMatch(good, ctx)).toEqual({})
    expect(toMatchFields(good, 2026)).toEqual({ branch_id: 'b1', year: 2026, amount_fen: 100050, recorded_on: today, note: '第二批' })
    expect(toMatchFields({ ...good, note: ' ' }, 2025).note).toBeNull()
  })

  test('each field answers with its own message', () => {
    expect(validateMatch({ branch_id: null, amount: '', recorded_on: '', note: 'x'.repeat(201) }, ctx)).toEqual({
      branch_id: 'funding.errors.branchRequired', amount: 'funding.errors.amountRequired',
      recorded_on: 'funding.errors.dateRequired', note: 'funding.errors.noteTooLong',
    })
    expect(validateMatch({ ...good, branch_id: 'elsewhere', amount: '10.001', recorded_on: '2026-11-24' }, ctx)).toEqual({
      branch_id: 'funding.errors.branchOutside', amount: 'funding.errors.amountDecimals', recorded_on: 'funding.errors.dateFuture',
    })
    expect(validateMatch({ ...good, recorded_on: '2026-02-30' }, ctx)).toEqual({ recorded_on: 'funding.errors.dateInvalid' })
  })

  test('toMatchFields refuses values that did not validate', () => {
    expect(() => toMatchFields({ ...good, amount: '-1' }, 2026)).toThrow(RangeError)
  })
})

describe('expenses', () => {
  const good: ExpenseValues = { spent_on: '2026-07-01', amount: '300', category: ' 慰问 ', activity_id: 'a1', note: '' }
  const ctx = { today, year: 2026, activityIds: ['a1'] }

  test('a valid form becomes the row', () => {
    expect(validateExpense(good, ctx)).toEqual({})
    expect(toExpenseFields(good, 'b1')).toEqual({
      branch_id: 'b1', spent_on: '2026-07-01', amount_fen: 30000, category: '慰问', activity_id: 'a1', note: null,
    })
  })

  test('dated inside the year shown and not in the future; a category; an activity of the branch', () => {
    expect(validateExpense({ ...good, spent_on: '2025-12-31', category: '  ', activity_id: 'other' }, ctx)).toEqual({
      spent_on: 'funding.errors.dateOtherYear', category: 'funding.errors.categoryRequired', activity_id: 'funding.errors.activityUnknown',
    })
    expect(validateExpense({ ...good, spent_on: '2026-12-01', category: 'x'.repeat(31), amount: '0' }, ctx)).toEqual({
      spent_on: 'funding.errors.dateFuture', category: 'funding.errors.categoryTooLong', amount: 'funding.errors.amountPositive',
    })
    expect(validateExpense({ ...good, activity_id: null }, ctx)).toEqual({})
  })
})

describe('funding policies', () => {
  test('rate in yuan, ratio at least 1:1 with up to three decimals, census day optional', () => {
    expect(validatePolicy({ rate: '150', ratio: '1', census_date: null }, 2026)).toEqual({})
    expect(toPolicyFields({ rate: '150', ratio: '1.1', census_date: null })).toEqual({ rate_fen: 15000, match_ratio: '1.100', census_date: null })
    expect(toPolicyFields({ rate: '180.5', ratio: '2', census_date: '2026-06-30' }))
      .toEqual({ rate_fen: 18050, match_ratio: '2.000', census_date: '2026-06-30' })
  })

  test('bad values answer with their field', () => {
    expect(validatePolicy({ rate: '', ratio: '0.8', census_date: '2024-12-31' }, 2026)).toEqual({
      rate: 'funding.errors.rateRequired', ratio: 'funding.errors.ratioBelowOne', census_date: 'funding.errors.censusRange',
    })
    expect(validatePolicy({ rate: '0', ratio: '1.2345', census_date: '2027-01-01' }, 2026)).toEqual({
      rate: 'funding.errors.amountPositive', ratio: 'funding.errors.ratioDecimals', census_date: 'funding.errors.censusRange',
    })
    expect(censusRange(2026)).toEqual({ min: '2025-01-01', max: '2026-12-31' })
    expect(validatePolicy({ rate: '150', ratio: '1', census_date: '2025-01-01' }, 2026)).toEqual({})
  })
})
