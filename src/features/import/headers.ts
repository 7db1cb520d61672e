// Which column of a committee's sheet holds which roster field, guessed from its header the way committees
// word them (党员花名册, 组织部 templates, HR exports): 姓名 / 人员类别 / 入党日期 / 转正日期 / 科室 / 职务…
// Headers are compared after NFKC (full-width brackets and letters become ASCII), without spaces, brackets'
// notes in brackets dropped: "入党时间（预备）" says 入党时间.

import vocabulary from './vocabulary.json'

/** The roster fields an import can fill (people columns, see supabase/migrations/…_people.sql). */
export const IMPORT_FIELDS = ['name', 'party_status', 'admitted_on', 'confirmed_on', 'department', 'title'] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]

/** Per column of the sheet: the field it fills, or null (不导入). */
export type ColumnMapping = (ImportField | null)[]

/** Columns committees keep that the roster deliberately does not store (SPEC §4: no ID numbers, addresses…). */
export type KeptOutReason = 'notStored'

/** A vocabulary pattern; a leading (?i) makes it case-insensitive (English headers). */
const pattern = (source: string): RegExp => (source.startsWith('(?i)') ? new RegExp(source.slice(4), 'i') : new RegExp(source))

/** Variants per field (vocabulary.json), tried in order; the first field whose variant matches wins. */
const PATTERNS = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, vocabulary.headers[f].map(pattern)])) as Record<ImportField, RegExp[]>

/** Headers recognised but never imported: the roster keeps no gender, birth day, ID number or contact. */
const KEPT_OUT = vocabulary.keptOut.map(pattern)

// 转正 before 入党: "转为正式党员日期" must not be read as an admission date
const IMPORT_FIELDS_BY_PRIORITY: ImportField[] = ['name', 'confirmed_on', 'admitted_on', 'party_status', 'department', 'title']

/** The header as compared: NFKC, no whitespace, no required-marks (*) nor notes in brackets ("（必填）"). */
export function normalizeHeader(header: unknown): string {
  return String(header ?? '').normalize('NFKC')
    .replace(/[(\[【〔][^)\]】〕]*[)\]】〕]/g, '')
    .replace(/[\s\u3000*:]+/g, '') // after NFKC a full-width colon is ':'
}

/** The field a header names, or null. */
export function guessField(header: unknown): ImportField | null {
  const h = normalizeHeader(header)
  if (h === '') return null
  if (KEPT_OUT.some((p) => p.test(h))) return null
  for (const field of IMPORT_FIELDS_BY_PRIORITY) if (PATTERNS[field].some((p) => p.test(h))) return field
  return null
}

/** Recognised as a column the roster does not keep (shown as 不导入 with the reason). */
export function keptOut(header: unknown): KeptOutReason | null {
  const h = normalizeHeader(header)
  return h !== '' && KEPT_OUT.some((p) => p.test(h)) ? 'notStored' : null
}

/** A mapping for a header row: each field goes to the first column that names it, later ones are 不导入. */
export function guessMapping(headers: readonly unknown[]): ColumnMapping {
  const taken = new Set<ImportField>()
  return headers.map((header) => {
    const field = guessField(header)
    if (!field || taken.has(field)) return null
    taken.add(field)
    return field
  })
}

/** Points `field` at `column` (or at no column); another column that held it becomes 不导入. */
export function setMapping(mapping: ColumnMapping, column: number, field: ImportField | null): ColumnMapping {
  return mapping.map((f, i) => (i === column ? field : field !== null && f === field ? null : f))
}

/** The column of each field, for reading rows. */
export function columnsOf(mapping: ColumnMapping): Partial<Record<ImportField, number>> {
  const out: Partial<Record<ImportField, number>> = {}
  mapping.forEach((field, i) => { if (field) out[field] = i })
  return out
}

/**
 * The header row: the first of the top rows with a column that names 姓名 (sheets often open with a title
 * row such as "内科第一党支部党员名册"). Null when none does.
 */
export function findHeaderRow(rows: readonly (readonly unknown[])[], within = 10): number | null {
  const limit = Math.min(rows.length, within)
  for (let i = 0; i < limit; i++) if (rows[i]!.some((cell) => guessField(cell) === 'name')) return i
  return null
}
