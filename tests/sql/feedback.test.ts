// 投诉建议 (issue 14 item 6): a member's or secretary's message reaches the reviewers of their root committee and
// no one else; nothing about the sender is stored; empty, too long and orgless messages are refused.
import { describe, expect, test } from 'vitest'
import { useWorld } from './rls/matrix'
import { attempt, become, ids, rolledBack, type Who } from './rls/world'

const db = useWorld()

describe('投诉建议', () => {
  test('a member\'s message reaches the reviewers of her root committee D only, with nothing about the sender', async () => rolledBack(db(), async (tx) => {
    await tx.query(`insert into public.org_roles (user_id, org_id, role) values ($1, $2, 'reviewer')`, [ids.user.stranger, ids.D])
    await become(tx, 'member')
    expect((await attempt(tx, 'select public.send_feedback($1, $2)', ['  食堂排队太久  ', ''])).ok).toBe(true)
    const read = async (who: Who) => {
      await become(tx, who)
      return (await tx.query<Record<string, unknown>>('select * from public.feedback')).rows
    }
    const rows = await read('stranger')
    expect(rows.map((r) => [r.body, r.contact, r.root_id])).toEqual([['食堂排队太久', null, ids.D]])
    expect(Object.keys(rows[0]!).sort()).toEqual(['body', 'contact', 'created_at', 'id', 'root_id'])
    // H's reviewer is not the root's; the sender cannot read it back either
    for (const who of ['member', 'secretary', 'reviewer', 'finance', 'otherReviewer'] as const) expect(await read(who)).toEqual([])
  }))

  test.each<[Who, string, string | null, RegExp]>([
    ['member', '   ', null, /empty/],
    ['secretary', '意'.repeat(1001), null, /too long/],
    ['member', '好', 'x'.repeat(101), /too long/],
    ['stranger', '你好', null, /no organisation/],
  ])('%s sending %#: refused', async (who, body, contact, message) => rolledBack(db(), async (tx) => {
    await become(tx, who)
    const r = await attempt(tx, 'select public.send_feedback($1, $2)', [body, contact])
    expect(r.ok ? '' : r.message).toMatch(message)
    await tx.exec('reset role')
    expect((await tx.query('select id from public.feedback')).rows).toEqual([])
  }))

  test('anon cannot send, nobody writes the table directly', async () => rolledBack(db(), async (tx) => {
    await become(tx, 'anon')
    expect((await attempt(tx, 'select public.send_feedback($1)', ['hi']))).toMatchObject({ ok: false, code: '42501' })
    await become(tx, 'reviewer')
    expect((await attempt(tx, `insert into public.feedback (root_id, body) values ($1, 'x')`, [ids.D]))).toMatchObject({ ok: false, code: '42501' })
  }))
})
