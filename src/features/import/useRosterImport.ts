// The import screen's state: the picked file read into cells (loading / error / ready), the header row and its
// guessed column mapping (changeable per field), the preview against the branch's roster, and the import itself.
import { computed, ref, shallowRef, type Ref } from 'vue'
import { todayInShanghai } from '../../domain'
import { useRosterStore } from '../../stores/roster'
import { findHeaderRow, guessMapping, setMapping, type ColumnMapping, type ImportField } from './headers'
import { previewRows, type Cell, type ExistingPerson, type Preview, type SheetRow } from './rows'
import { importPeople, MAX_IMPORT } from './save'
import { readImportFile, UnreadableFile } from './sheet'

export type ImportPhase = 'empty' | 'loading' | 'error' | 'ready'

export function useRosterImport(branchId: Ref<string | null>) {
  const roster = useRosterStore()
  const phase = ref<ImportPhase>('empty')
  const failure = ref<UnreadableFile['reason'] | null>(null)
  const fileName = ref('')
  const headers = shallowRef<string[]>([])
  const rows = shallowRef<SheetRow[]>([])
  const mapping = ref<ColumnMapping>([])
  const existing = shallowRef<ExistingPerson[]>([])
  const today = todayInShanghai(new Date())
  let reading = 0

  async function pick(file: File): Promise<void> {
    const mine = ++reading // a second pick while the first is still read wins
    phase.value = 'loading'
    fileName.value = file.name
    try {
      const [sheet, people] = await Promise.all([readImportFile(file), branchId.value ? roster.peopleOf(branchId.value) : []])
      if (mine !== reading) return
      const at = findHeaderRow(sheet.rows) ?? 0
      headers.value = (sheet.rows[at] ?? []).map((c: Cell) => (c == null ? '' : String(c).trim()))
      mapping.value = guessMapping(headers.value)
      rows.value = sheet.rows.slice(at + 1).map((cells, i) => ({ line: sheet.firstLine + at + 1 + i, cells }))
      existing.value = people
      phase.value = 'ready'
    } catch (e) {
      if (mine !== reading) return
      failure.value = e instanceof UnreadableFile ? e.reason : 'read'
      if (!(e instanceof UnreadableFile) || e.reason === 'read') console.error('roster import: reading', file.name, e)
      phase.value = 'error'
    }
  }

  const preview = computed<Preview>(() => (phase.value === 'ready'
    ? previewRows(rows.value, mapping.value, { today, existing: existing.value })
    : { valid: [], bad: [] }))
  const nameMapped = computed(() => mapping.value.includes('name'))
  const tooMany = computed(() => preview.value.valid.length > MAX_IMPORT)
  const canImport = computed(() => phase.value === 'ready' && nameMapped.value && !tooMany.value && preview.value.valid.length > 0)

  const columnOf = (field: ImportField): number | null => {
    const i = mapping.value.indexOf(field)
    return i < 0 ? null : i
  }
  /** Points a field at a column, or (null) at none. */
  function mapField(field: ImportField, column: number | null): void {
    const current = columnOf(field)
    if (column === null) mapping.value = current === null ? mapping.value : setMapping(mapping.value, current, null)
    else mapping.value = setMapping(mapping.value, column, field)
  }

  /** Writes the valid rows in one transaction; returns how many. Throws ImportRefused or a Dexie error. */
  async function submit(): Promise<number> {
    if (!branchId.value || !canImport.value) throw new Error('roster import: nothing to import')
    return importPeople(roster.addPeopleAtOnce, branchId.value, preview.value.valid.map((r) => r.person))
  }

  function reset(): void {
    reading++
    phase.value = 'empty'
    fileName.value = ''
    rows.value = []
  }

  return { phase, failure, fileName, headers, mapping, preview, nameMapped, tooMany, canImport, pick, columnOf, mapField, submit, reset }
}
