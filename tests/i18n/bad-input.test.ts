// Issue 5: bad input gets a translated message. For each kind of bad input the forms refuse, the rule's answer
// is a message key that both languages translate (Chinese in zh-CN, none in en), so the user never sees a
// raw key. That nothing is saved is shown in the browser tests (roster, pairings, activity-workflow).
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { validatePairing, type PairingPerson } from '../../src/domain/pairings'
import { emptyFormValues, validateActivity, validateMakeup } from '../../src/features/activities/validate'
import { projectRoot } from '../sql/db'

function messagesOf(locale: string): Record<string, unknown> {
  const dir = join(projectRoot, 'src', 'locales', locale)
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.json'))
    .map((f) => [f.slice(0, -'.json'.length), JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown]))
}
const lookup = (messages: Record<string, unknown>, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages)
const zhCN = messagesOf('zh-CN')
const en = messagesOf('en')
const CJK = /[\u4e00-\u9fff]/

const B = 'branch-1'
const today = '2026-11-25'
const person = (id: string, over: Partial<PairingPerson> = {}): PairingPerson => ({
  id, branch_id: B, party_status: 'full', is_backbone: false, left_branch_on: null, deleted_at: null, ...over,
})
const people = [person('member'), person('activist', { party_status: 'activist', is_backbone: true }),
  person('backbone-member', { is_backbone: true }), person('applicant', { party_status: 'applicant' })]
const activity = { ...emptyFormValues(), kinds: ['theme_day' as const], starts_at: '2026-11-20T14:30:00+08:00' }

const cases: [string, string | undefined, RegExp][] = [
  ['an end before the start', validateActivity({ ...activity, ends_at: '2026-11-20T13:00:00+08:00' }).ends_at, /^activities\./],
  ['a group meeting without a group', validateActivity({ ...activity, kinds: ['group'], group_id: null }).group_id, /^activities\./],
  ['an empty activity kind set', validateActivity({ ...activity, kinds: [] }).kinds, /^activities\./],
  ['补学 dated in the future', validateMakeup({ makeup_on: '2026-11-26', makeup_note: '自学' },
    { status: 'leave', activityStartsAt: activity.starts_at, today }).makeup_on, /future/i],
  ['a mentor who is not a member', validatePairing({ mentor_id: 'applicant', mentee_id: 'activist', track: 'backbone_to_member',
    started_on: today, goal: '列为积极分子' }, people, B, today).mentor_id, /mentorNotMember$/],
  ['a backbone_to_member mentee who already is a member', validatePairing({ mentor_id: 'member', mentee_id: 'backbone-member',
    track: 'backbone_to_member', started_on: today, goal: '列为积极分子' }, people, B, today).mentee_id, /menteeNotBackbone$/],
]

describe('bad input is refused with a translated message', () => {
  test.each(cases)('%s', (_, key, expected) => {
    expect(key).toMatch(expected)
    const zh = lookup(zhCN, key!)
    const english = lookup(en, key!)
    expect(zh).toMatch(CJK)
    expect(english).toBeTypeOf('string')
    expect(english).not.toMatch(CJK)
    expect((english as string).length).toBeGreaterThan(3)
  })
})
