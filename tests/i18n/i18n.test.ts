// Every user-visible string goes through vue-i18n: both languages have the same keys, every key the code
// names exists, and no Chinese text is hard-coded in src outside src/locales (comments may quote it).
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import { projectRoot } from '../sql/db'

const src = join(projectRoot, 'src')

/** src/locales/<locale>/<namespace>.json, read as the app merges them. */
function messagesOf(locale: string): Record<string, unknown> {
  const dir = join(src, 'locales', locale)
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.json'))
    .map((f) => [f.slice(0, -'.json'.length), JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown]))
}
const zhCN = messagesOf('zh-CN')
const en = messagesOf('en')

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return path.endsWith('locales') ? [] : filesUnder(path)
    return /\.(vue|ts)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : []
  })
}

function keysOf(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keysOf(value, `${prefix}${key}.`) : [`${prefix}${key}`])
}

/** Source without comments, so that a comment quoting the UI ("已同步") is not a hard-coded string. */
function withoutComments(code: string): string {
  return code
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
}

const CJK = /[\u3400-\u9fff\uff00-\uffef]/

describe('i18n', () => {
  test('zh-CN and en have exactly the same keys', () => {
    expect(keysOf(zhCN).length).toBeGreaterThan(100)
    expect(keysOf(en).sort()).toEqual(keysOf(zhCN).sort())
  })

  test('no Chinese text is hard-coded in src outside src/locales', () => {
    const offenders = filesUnder(src).flatMap((file) =>
      withoutComments(readFileSync(file, 'utf8')).split('\n')
        .map((line, i) => ({ line, at: `${relative(projectRoot, file)}:${i + 1}` }))
        .filter(({ line }) => CJK.test(line))
        .map(({ at, line }) => `${at}  ${line.trim()}`))
    expect(offenders).toEqual([])
  })

  test('every literal key passed to t() exists in the messages', () => {
    const known = new Set(keysOf(zhCN))
    const used = filesUnder(src).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w.]+)'/g)].map((m) => ({ key: m[1]!, file: relative(projectRoot, file) })))
    expect(used.length).toBeGreaterThan(20)
    expect(used.filter(({ key }) => !known.has(key))).toEqual([])
  })
})
