// PostgREST's read grammar (select, filters, logic trees, order, limit, offset) turned into SQL fragments.
// User text reaches SQL only as parameters or as identifiers that matched a column from pg_catalog.
import { type Column, ident } from './catalog'
import { parseError, pgrstError } from './errors'

export class Params {
  readonly values: unknown[] = []
  add(value: unknown): string {
    this.values.push(value)
    return `$${this.values.length}`
  }
}

export interface ReadPlan {
  select: string
  where: string
  orderBy: string
  limit?: number
  offset: number
}

const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'columns', 'on_conflict', 'and', 'or', 'not.and', 'not.or'])

/** Reads a query string as PostgREST does; `skip` names query keys that are RPC arguments, not filters. */
export function planRead(
  query: URLSearchParams,
  table: { name: string; columns: Column[] },
  alias: string,
  params: Params,
  skip: ReadonlySet<string> = new Set(),
): ReadPlan {
  const col = columnResolver(table, alias)
  const conditions: string[] = []
  for (const [key, value] of query) {
    if (skip.has(key)) continue
    if (key === 'or' || key === 'and' || key === 'not.or' || key === 'not.and') {
      conditions.push(logicTree(key, value, col, params))
    } else if (!RESERVED.has(key)) {
      conditions.push(condition(unquote(key), value, col, params))
    }
  }
  return {
    select: selectList(query.get('select') ?? '*', col, alias),
    where: conditions.length ? conditions.join(' and ') : 'true',
    orderBy: orderList(query.get('order'), col),
    limit: nonNegative(query.get('limit'), 'limit'),
    offset: nonNegative(query.get('offset'), 'offset') ?? 0,
  }
}

type ColumnResolver = (name: string) => { sql: string; type: string }

function columnResolver(table: { name: string; columns: Column[] }, alias: string): ColumnResolver {
  const byName = new Map(table.columns.map((c) => [c.name, c]))
  return (name) => {
    const column = byName.get(name)
    if (!column) throw pgrstError(400, '42703', `column ${table.name}.${name} does not exist`)
    return { sql: `${alias}.${ident(column.name)}`, type: column.type }
  }
}

function selectList(select: string, col: ColumnResolver, alias: string): string {
  const items = splitTopLevel(select).map((item) => item.trim()).filter((item) => item !== '')
  if (items.length === 0) return `${alias}.*`
  return items
    .map((item) => {
      if (item === '*') return `${alias}.*`
      if (/[()!]/.test(item)) {
        throw parseError(`"failed to parse select parameter (${select})"`, 'Embedded resources, aggregates and hints are not supported by the local backend')
      }
      const match = /^(?:("[^"]*"|[^:"]+):(?!:))?("[^"]*"|[^"]+)$/.exec(item)
      if (!match || match[2]!.includes('::')) {
        throw parseError(`"failed to parse select parameter (${select})"`, 'Casts are not supported by the local backend')
      }
      const column = col(unquote(match[2]!))
      return match[1] ? `${column.sql} as ${ident(unquote(match[1]))}` : column.sql
    })
    .join(', ')
}

function orderList(order: string | null, col: ColumnResolver): string {
  if (!order) return ''
  return splitTopLevel(order)
    .map((term) => {
      const parts = term.split('.')
      let nulls = ''
      let direction = ''
      if (parts.length > 1 && /^nulls(first|last)$/.test(parts.at(-1)!)) nulls = parts.pop() === 'nullsfirst' ? ' nulls first' : ' nulls last'
      if (parts.length > 1 && /^(asc|desc)$/.test(parts.at(-1)!)) direction = ` ${parts.pop()}`
      const name = parts.join('.')
      if (name === '') throw parseError(`"failed to parse order (${order})"`)
      return `${col(unquote(name)).sql}${direction}${nulls}`
    })
    .join(', ')
}

function nonNegative(value: string | null, what: string): number | undefined {
  if (value === null) return undefined
  if (!/^\d{1,9}$/.test(value)) throw parseError(`"failed to parse ${what} (${value})"`)
  return Number(value)
}

const COMPARE: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' }
const CONTAINS: Record<string, string> = { cs: '@>', cd: '<@', ov: '&&' }
const TEXT_MATCH: Record<string, string> = { like: 'like', ilike: 'ilike', match: '~', imatch: '~*' }
const IS_VALUES: Record<string, string> = { null: 'null', not_null: 'not null', true: 'true', false: 'false', unknown: 'unknown' }

/** `col=[not.]op.value` */
function condition(column: string, expression: string, col: ColumnResolver, params: Params): string {
  let expr = expression
  let negate = false
  if (expr.startsWith('not.')) {
    negate = true
    expr = expr.slice(4)
  }
  const dot = expr.indexOf('.')
  const op = dot < 0 ? expr : expr.slice(0, dot)
  const value = dot < 0 ? undefined : expr.slice(dot + 1)
  const fail = () => parseError(`"failed to parse filter (${expression})"`, `Unsupported or malformed filter on ${column}`)
  if (value === undefined) throw fail()
  const c = col(column)
  let sql: string
  if (op in COMPARE) sql = `${c.sql} ${COMPARE[op]} ${params.add(value)}::text::${c.type}`
  else if (op in TEXT_MATCH) {
    const pattern = op === 'like' || op === 'ilike' ? value.replaceAll('*', '%') : value
    sql = `${c.sql}::text ${TEXT_MATCH[op]} ${params.add(pattern)}::text`
  } else if (op === 'is') {
    const what = IS_VALUES[value.toLowerCase()]
    if (!what) throw fail()
    sql = `${c.sql} is ${what}`
  } else if (op === 'isdistinct') sql = `${c.sql} is distinct from ${params.add(value)}::text::${c.type}`
  else if (op === 'in') {
    const items = inList(value)
    if (!items) throw fail()
    sql = items.length === 0 ? 'false' : `${c.sql} = any(${params.add(items)}::text[]::${c.type}[])`
  } else if (op in CONTAINS) {
    const literal = op === 'ov' && value.startsWith('(') && value.endsWith(')') ? `{${value.slice(1, -1)}}` : value
    sql = `${c.sql} ${CONTAINS[op]} ${params.add(literal)}::text::${c.type}`
  } else throw fail()
  return negate ? `not (${sql})` : `(${sql})`
}

/** `or=(a.eq.1,and(b.gt.2,c.is.null))`, `not.and=(…)` */
function logicTree(key: string, value: string, col: ColumnResolver, params: Params): string {
  const negate = key.startsWith('not.')
  const joiner = key.endsWith('or') ? ' or ' : ' and '
  if (!value.startsWith('(') || !value.endsWith(')')) throw parseError(`"failed to parse logic tree (${value})"`)
  const parts = splitTopLevel(value.slice(1, -1)).map((part) => {
    const nested = /^(not\.)?(and|or)(\(.*\))$/s.exec(part)
    if (nested) return logicTree(`${nested[1] ?? ''}${nested[2]}`, nested[3]!, col, params)
    const dot = part.indexOf('.')
    if (dot <= 0) throw parseError(`"failed to parse logic tree (${value})"`)
    const expr = part.slice(dot + 1)
    const isIn = /^(not\.)?in\./.test(expr)
    return condition(unquote(part.slice(0, dot)), isIn ? expr : unquoteValue(expr), col, params)
  })
  if (parts.length === 0) throw parseError(`"failed to parse logic tree (${value})"`)
  const sql = `(${parts.join(joiner)})`
  return negate ? `not ${sql}` : sql
}

/** `(a,"b,c")` → ['a', 'b,c']; undefined when malformed. */
function inList(value: string): string[] | undefined {
  if (!value.startsWith('(') || !value.endsWith(')')) return undefined
  const inner = value.slice(1, -1)
  if (inner.trim() === '') return []
  return splitTopLevel(inner).map((item) => unquote(item))
}

/** Splits on commas outside double quotes and parentheses. */
export function splitTopLevel(text: string): string[] {
  const out: string[] = []
  let depth = 0
  let quoted = false
  let current = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted && ch === '\\' && i + 1 < text.length) {
      current += ch + text[++i]
      continue
    }
    if (ch === '"') quoted = !quoted
    else if (!quoted && ch === '(') depth++
    else if (!quoted && ch === ')') depth--
    if (ch === ',' && !quoted && depth === 0) {
      out.push(current)
      current = ''
    } else current += ch
  }
  out.push(current)
  return out
}

function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    return text.slice(1, -1).replace(/\\(.)/g, '$1')
  }
  return text
}

/** In a logic tree the value after `op.` may be double-quoted to hold commas or parentheses. */
function unquoteValue(expr: string): string {
  const match = /^((?:not\.)?[a-z]+\.)("(?:.*)")$/s.exec(expr)
  return match ? match[1] + unquote(match[2]!) : expr
}
