// The simulation's schedules (tests/integration/simulation.ts): what each step does, the fast-check arbitrary
// that makes them, and how a schedule prints (one step a line) when fast-check reports a counterexample.
import fc from 'fast-check'
import { FAULT_KINDS, type Fault } from './faults'
import type { Target } from './simulation-checks'
import { person } from './setup'

export const TARGETS: readonly Target[] = [
  { table: 'activities', row: 0, field: 'title' },
  { table: 'activities', row: 0, field: 'place' },
  { table: 'activities', row: 1, field: 'title' },
  { table: 'people', row: person(2), field: 'department' }, // the demo member's own row: the member holds it too
  { table: 'people', row: person(2), field: 'title' },
  { table: 'people', row: person(4), field: 'department' },
]
export const PULL_LIMIT = 2 // small pages, so that a pull has several calls to fail, hold or be killed between

export type User = 'secretary' | 'member'
export type Step =
  | { kind: 'write'; dev: number; target: number }
  | { kind: 'sync'; dev: number; faults: Fault[] }
  | { kind: 'release'; dev: number }
  | { kind: 'kill'; dev: number }
  | { kind: 'remote'; target: number }

const describeStep = (s: Step): string => {
  const t = (i: number) => { const x = TARGETS[i]!; return `${x.table}[${typeof x.row === 'number' ? `A${x.row}` : x.row.slice(-3)}].${x.field}` }
  if (s.kind === 'write') return `write  d${s.dev} ${t(s.target)}`
  if (s.kind === 'sync') return `sync   d${s.dev}${s.faults.length ? ` faults=[${s.faults.join(', ')}]` : ''}`
  if (s.kind === 'remote') return `remote ${t(s.target)}`
  return `${s.kind.padEnd(6)} d${s.dev}`
}

export class Schedule {
  constructor(readonly users: readonly User[], readonly steps: readonly Step[]) {}
  [fc.toStringMethod](): string {
    return `Schedule(devices: ${this.users.map((u, i) => `d${i} ${u}`).join(', ')})\n${this.steps.map((s, i) => `  ${String(i).padStart(2)}. ${describeStep(s)}`).join('\n')}`
  }
}

export function scheduleArb({ minSteps = 6, maxSteps = 24 } = {}): fc.Arbitrary<Schedule> {
  const dev = fc.nat(3)
  const target = fc.nat(TARGETS.length - 1)
  const fault = fc.oneof({ weight: 1, arbitrary: fc.constant<Fault>('none') }, { weight: 2, arbitrary: fc.constantFrom<Fault>(...FAULT_KINDS) })
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('write' as const), dev, target }) },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('sync' as const), dev, faults: fc.array(fault, { maxLength: 4 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), dev }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('kill' as const), dev }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('remote' as const), target }) },
  )
  return fc.record({
    extra: fc.array(fc.constantFrom<User>('secretary', 'member'), { maxLength: 2 }),
    steps: fc.array(step, { minLength: minSteps, maxLength: maxSteps }),
  }).map(({ extra, steps }) => {
    const users: User[] = ['secretary', 'secretary', ...extra]
    return new Schedule(users, steps.map((s) => ('dev' in s ? { ...s, dev: s.dev % users.length } : s)))
  })
}
