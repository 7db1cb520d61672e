// A roster's 党员类别 / 政治面貌 cell as a party_status (src/domain/types.ts PARTY_STATUSES), as committees
// and HR systems word it: 正式党员, 预备党员, 中共党员, 中共预备党员, 发展对象, (入党)积极分子, 入党申请人, 群众.
import { PARTY_STATUSES, type PartyStatus } from '../../domain'
import vocabulary from './vocabulary.json'

// the wordings, in vocabulary.json, tried in PARTY_STATUSES order
const WORDS: [RegExp, PartyStatus][] = PARTY_STATUSES.map((s) => [new RegExp(vocabulary.statuses[s]), s])

/** The status the cell names (its code itself, e.g. "full", too), or null when it names none. */
export function parseStatus(value: unknown): PartyStatus | null {
  const text = String(value ?? '').normalize('NFKC').replace(/[\s\u3000]+/g, '')
  if (text === '') return null
  const code = text.toLowerCase()
  for (const [pattern, status] of WORDS) if (pattern.test(text)) return status
  return PARTY_STATUSES.find((s) => s === code) ?? null
}
