// 我的 on the device and the server: whether the member has a check-in key yet, the backup (made, read back and
// restored: sync/core/backupFile checks it, db/backup restores it) and 投诉建议 (send_feedback, online).
import { defineStore } from 'pinia'
import { backupOf, restoreBackup, type RestoreReport } from '../db/backup'
import { db, repos } from '../modules/data'
import { getSupabase } from '../modules/supabase'
import { type Backup, type BackupProblem, parseBackup } from '../sync/core/backupFile'

export type { Backup, BackupProblem, RestoreReport }

export const useMeStore = defineStore('me', () => {
  const hasMemberKey = async (personId: string) => (await repos.memberKeys.forPerson(personId)) !== undefined
  const backup = (userId: string, now: Date) => backupOf(db, userId, now)
  const readBackup = (text: string, userId: string) => parseBackup(text, userId, db.tables.map((t) => t.name))
  const restore = (b: Backup): Promise<RestoreReport> => restoreBackup(db, b)
  async function sendFeedback(body: string, contact: string): Promise<void> {
    const { error } = await (await getSupabase()).rpc('send_feedback', { p_body: body, p_contact: contact })
    if (error) throw error
  }
  return { hasMemberKey, backup, readBackup, restore, sendFeedback }
})
