// The preview of an import: each row of the sheet read through the column mapping and checked the way the
// server checks people (people_member_admitted, people_confirmed_after_admitted, people_path_in_order) and
// the person form does (no day after today, length caps), plus duplicates by name + 入党时间, inside the file
// and against the branch's roster. A row with any problem is not imported; every problem of it is listed.
import { isMemberStatus, LIMITS } from '../../domain/people'
import type { IsoDate, PartyStatus } from '../../domain'
import { parseImportDate, type DateProblem } from './dates'
import { columnsOf, type ColumnMapping, type ImportField } from './headers'
import { parseStatus } from './statuses'

export type Cell = string | number | boolean | Date | null | undefined

/** A row as in the file: `line` is its row number there (1 = the first row of the sheet). */
export interface SheetRow { line: number; cells: readonly Cell[] }

export type DateField = 'admitted_on' | 'confirmed_on'
export type ProblemCode =
  | 'nameMissing' | 'statusMissing' | 'statusUnknown' | DateProblem | 'future' | 'tooLong' | 'admittedMissing'
  | 'confirmedBeforeAdmitted' | 'dateNotForStatus' | 'duplicateInFile' | 'duplicateInRoster'

/** One reason a row cannot be imported; `field` and `params` fill the message. */
export interface RowProblem { code: ProblemCode; field?: ImportField; params?: Record<string, string | number> }

export interface ImportPerson {
  name: string
  party_status: PartyStatus
  admitted_on: IsoDate | null
  confirmed_on: IsoDate | null
  department: string | null
  title: string | null
}

export interface ValidRow { line: number; person: ImportPerson }
export interface BadRow { line: number; name: string; problems: RowProblem[] }
export interface Preview { valid: ValidRow[]; bad: BadRow[] }

/** A person already on the branch's roster (transferred-out people included: they are still on record). */
export interface ExistingPerson { name: string; admitted_on: IsoDate | null }

export interface PreviewContext { today: IsoDate; existing: readonly ExistingPerson[] }

const text = (cell: Cell): string =>
  cell == null ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell).normalize('NFKC').trim()

/** A name as stored: trimmed; the spaces that align two-character names ("王  芳") dropped between hanzi. */
export function cleanName(cell: Cell): string {
  const name = text(cell)
  return /^[\p{Script=Han}·•\s]+$/u.test(name) ? name.replace(/\s+/g, '') : name.replace(/\s+/g, ' ')
}

/** The duplicate key: the same name with the same 入党时间 (or both without one) is the same person. */
export const duplicateKey = (name: string, admittedOn: IsoDate | null): string =>
  `${name.replace(/\s+/g, '').toLowerCase()}|${admittedOn ?? ''}`

const isBlank = (row: SheetRow): boolean => row.cells.every((c) => text(c) === '')

interface Read { person: Partial<ImportPerson>; problems: RowProblem[] }

function readDate(cell: Cell, field: DateField, today: IsoDate, out: Read): void {
  const parsed = parseImportDate(typeof cell === 'boolean' ? String(cell) : cell)
  if (!parsed.ok) out.problems.push({ code: parsed.problem, field, params: { value: text(cell) } })
  else if (parsed.date && parsed.date > today) out.problems.push({ code: 'future', field, params: { value: parsed.date } })
  else out.person[field] = parsed.date
}

function readText(cell: Cell, field: 'department' | 'title', out: Read): void {
  const value = text(cell).replace(/\s+/g, ' ')
  if (value.length > LIMITS[field]) out.problems.push({ code: 'tooLong', field, params: { max: LIMITS[field] } })
  else out.person[field] = value === '' ? null : value
}

function readStatus(cell: Cell, mapped: boolean, out: Read): void {
  const status = parseStatus(cell)
  if (status) out.person.party_status = status
  else if (!mapped || text(cell) === '') out.problems.push({ code: 'statusMissing', field: 'party_status' })
  else out.problems.push({ code: 'statusUnknown', field: 'party_status', params: { value: text(cell) } })
}

/** The dates must fit the status: members have 入党时间, only 正式党员 a 转正时间, and 转正 not before 入党. */
function checkDates(p: Partial<ImportPerson>, out: Read): void {
  const status = p.party_status
  if (!status) return
  if (!isMemberStatus(status)) {
    for (const field of ['admitted_on', 'confirmed_on'] as const)
      if (p[field]) out.problems.push({ code: 'dateNotForStatus', field, params: { status } })
    return
  }
  if (p.admitted_on === null && !out.problems.some((x) => x.field === 'admitted_on')) out.problems.push({ code: 'admittedMissing', field: 'admitted_on' })
  if (status === 'probationary' && p.confirmed_on) out.problems.push({ code: 'dateNotForStatus', field: 'confirmed_on', params: { status } })
  else if (p.admitted_on && p.confirmed_on && p.confirmed_on < p.admitted_on) out.problems.push({ code: 'confirmedBeforeAdmitted', field: 'confirmed_on' })
}

/** One row through the mapping: the person it describes and what is wrong with it (duplicates apart). */
export function readRow(row: SheetRow, mapping: ColumnMapping, today: IsoDate): Read {
  const col = columnsOf(mapping)
  const cell = (field: ImportField): Cell => (col[field] === undefined ? null : row.cells[col[field]])
  const out: Read = { person: { admitted_on: null, confirmed_on: null, department: null, title: null }, problems: [] }
  const name = cleanName(cell('name'))
  if (name === '') out.problems.push({ code: 'nameMissing', field: 'name' })
  else if (name.length > LIMITS.name) out.problems.push({ code: 'tooLong', field: 'name', params: { max: LIMITS.name } })
  else out.person.name = name
  readStatus(cell('party_status'), col.party_status !== undefined, out)
  readDate(cell('admitted_on'), 'admitted_on', today, out)
  readDate(cell('confirmed_on'), 'confirmed_on', today, out)
  readText(cell('department'), 'department', out)
  readText(cell('title'), 'title', out)
  checkDates(out.person, out)
  return out
}

/** Every non-blank row, valid or bad; the first of several rows for one person is kept, the others are bad. */
export function previewRows(rows: readonly SheetRow[], mapping: ColumnMapping, ctx: PreviewContext): Preview {
  const onRoster = new Set(ctx.existing.map((p) => duplicateKey(cleanName(p.name), p.admitted_on)))
  const firstLine = new Map<string, number>()
  const preview: Preview = { valid: [], bad: [] }
  for (const row of rows) {
    if (isBlank(row)) continue
    const { person, problems } = readRow(row, mapping, ctx.today)
    if (problems.length === 0) {
      const key = duplicateKey(person.name!, person.admitted_on ?? null)
      if (onRoster.has(key)) problems.push({ code: 'duplicateInRoster', field: 'name' })
      else if (firstLine.has(key)) problems.push({ code: 'duplicateInFile', field: 'name', params: { line: firstLine.get(key)! } })
      else firstLine.set(key, row.line)
    }
    if (problems.length === 0) preview.valid.push({ line: row.line, person: person as ImportPerson })
    else preview.bad.push({ line: row.line, name: person.name ?? cleanName(row.cells[columnsOf(mapping).name ?? -1]), problems })
  }
  return preview
}
