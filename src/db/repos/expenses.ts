// Spending of a branch's Party-building funds.
import type { Expense } from '../../domain/types'
import type { Local } from '../rows'
import type { ZhibuDb } from '../schema'
import type { WriteClock } from '../write'
import { type Repo, live, makeRepo } from './base'

export interface ExpensesRepo extends Repo<'expenses'> {
  /** The branch's live expenses of a calendar year, by date. */
  byBranchYear(branchId: string, year: number): Promise<Local<Expense>[]>
  byActivity(activityId: string): Promise<Local<Expense>[]>
}

export function expensesRepo(db: ZhibuDb, clock?: WriteClock): ExpensesRepo {
  return {
    ...makeRepo(db, 'expenses', clock),
    byBranchYear: (branchId, year) =>
      live(db.expenses.where('[branch_id+spent_on]').between([branchId, `${year}-01-01`], [branchId, `${year}-12-31`], true, true)),
    byActivity: (activityId) => live(db.expenses.where('activity_id').equals(activityId)),
  }
}
