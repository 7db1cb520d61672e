// The few settings of supabase/config.toml the local backend follows. A tiny line parser, not a TOML
// library: `[section]` headers and `key = <integer>` lines are all it needs to read.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const configPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'config.toml')

/** Supabase's default for [api] max_rows when config.toml does not set it. */
export const SUPABASE_DEFAULT_MAX_ROWS = 1000

/** An integer `key` of `[section]` in TOML text, or undefined when it is absent. */
export function tomlInteger(text: string, section: string, key: string): number | undefined {
  let current = ''
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim()
    if (line === '') continue
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line)
    if (header) {
      current = header[1]!
      continue
    }
    if (current !== section) continue
    const pair = /^("?)([A-Za-z0-9_-]+)\1\s*=\s*(.+)$/.exec(line)
    if (!pair || pair[2] !== key) continue
    const value = pair[3]!.replace(/_/g, '')
    if (!/^[+-]?\d+$/.test(value)) throw new Error(`config.toml: [${section}] ${key} must be an integer, got ${pair[3]}`)
    return Number(value)
  }
  return undefined
}

/** PostgREST's row cap as the Supabase CLI would configure it: [api] max_rows, else 1000. */
export function configuredMaxRows(path: string = configPath): number {
  if (!existsSync(path)) return SUPABASE_DEFAULT_MAX_ROWS
  return tomlInteger(readFileSync(path, 'utf8'), 'api', 'max_rows') ?? SUPABASE_DEFAULT_MAX_ROWS
}
