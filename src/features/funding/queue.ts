// How a money row stands beside it: still waiting for the server, or refused (需处理) — the server's figures do
// not include it yet. The outbox is read through stores/funding (queueOf, queueCounts).
import type { QueueState } from '../../stores/funding'

export type { QueueState }

/** How a row stands: shown as a tag beside it. */
export function standing(q: QueueState | undefined, id: string): 'refused' | 'waiting' | null {
  return q?.refused.has(id) ? 'refused' : q?.waiting.has(id) ? 'waiting' : null
}
