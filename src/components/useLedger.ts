// The ledger from the server (stores/ledger), kept on the device for reading offline (key 'ledger:<branch>:<year>').
import { type Ref, computed } from 'vue'
import { useServerSnapshot } from './useServerSnapshot'
import { useLedgerStore } from '../stores/ledger'
import type { Ledger } from '../domain/ledger'

/** The ledger of `branch` for `year`, or nothing while either is null. */
export function useLedger(branch: Ref<string | null>, year: Ref<number>) {
  const key = computed(() => (branch.value ? `ledger:${branch.value}:${year.value}` : null))
  const store = useLedgerStore()
  return useServerSnapshot(key, () => store.fetchLedger(branch.value!, year.value))
}

/** The ledger's activities in a period of its year: '2026-03', '2026-Q1' or '2026'. */
export function activitiesIn(ledger: Ledger, period: string) {
  const months = /^\d{4}-\d{2}$/.test(period)
    ? [period]
    : /^\d{4}-Q[1-4]$/.test(period)
      ? [0, 1, 2].map((i) => `${period.slice(0, 4)}-${String((Number(period.slice(6)) - 1) * 3 + 1 + i).padStart(2, '0')}`)
      : null
  return ledger.months.filter((m) => months === null || months.includes(m.month)).flatMap((m) => m.activities)
}
