import { describe, expect, test } from 'vitest'
import { fenToInput, MAX_RATE_FEN, parseRatio, parseYuan, ratioToInput } from './money'

const value = (p: ReturnType<typeof parseYuan>) => (p.ok ? p.value : p.error)

describe('parseYuan', () => {
  test.each([
    ['1000.50', 100050], ['1,000.50', 100050], ['1000.5', 100050], ['0.01', 1], [' 12 ', 1200], ['\u00a5 88', 8800],
    ['\uff11\uff10\uff10\uff10\uff0e\uff15', 100050], ['200\u5143', 20000],
  ])('%s is %i fen', (text, fen) => expect(parseYuan(text)).toEqual({ ok: true, value: fen }))

  test.each([
    ['', 'amountRequired'], ['   ', 'amountRequired'], ['-5', 'amountPositive'], ['0', 'amountPositive'], ['0.00', 'amountPositive'],
    ['1.234', 'amountDecimals'], ['1000.505', 'amountDecimals'], ['abc', 'amountInvalid'], ['1e3', 'amountInvalid'], ['1.2.3', 'amountInvalid'],
    ['10000000.01', 'amountTooLarge'],
  ])('%j is refused: %s', (text, reason) => expect(value(parseYuan(text))).toBe(`funding.errors.${reason}`))

  test('the cap is a parameter (rates are a Postgres int)', () => {
    expect(value(parseYuan('21474836.47', MAX_RATE_FEN))).toBe(MAX_RATE_FEN)
    expect(value(parseYuan('21474836.48', MAX_RATE_FEN))).toBe('funding.errors.amountTooLarge')
  })

  test('fen back to what a form shows', () => {
    expect([100050, 5, 15000].map(fenToInput)).toEqual(['1000.50', '0.05', '150.00'])
  })
})

describe('parseRatio', () => {
  test.each([['1', 1000], ['1.0', 1000], ['1.5', 1500], ['1.125', 1125], ['1:1.1', 1100], ['2', 2000], ['999.999', 999999]])(
    '%s is %i thousandths', (text, milli) => expect(parseRatio(text)).toEqual({ ok: true, value: milli }))

  test.each([['', 'ratioRequired'], ['0.5', 'ratioBelowOne'], ['0.999', 'ratioBelowOne'], ['1.0001', 'ratioDecimals'],
    ['x', 'ratioInvalid'], ['-1', 'ratioInvalid'], ['1000', 'ratioTooLarge']])(
    '%j is refused: %s', (text, reason) => expect(parseRatio(text)).toEqual({ ok: false, error: `funding.errors.${reason}` }))

  test('thousandths back to what a form shows', () => {
    expect([1000, 1500, 1125, 10000].map(ratioToInput)).toEqual(['1', '1.5', '1.125', '10'])
  })
})
