// A local JSON backup of everything on the device, the outbox included (SPEC §7), as a download; and reading one
// back for 从备份恢复 (checked by backupFile.ts, restored by db/backup.ts).
import { backupOf, restoreBackup, type RestoreReport } from '../../db/backup'
import { db } from '../../modules/data'
import { type Backup, type BackupProblem, parseBackup } from '../../sync/backupFile'

export async function exportBackup(userId: string): Promise<void> {
  const now = new Date()
  const blob = new Blob([JSON.stringify(await backupOf(db, userId, now), null, 1)], { type: 'application/json' })
  const link = document.createElement('a')
  link.href = URL.createObjectURL(blob)
  link.download = `zhibu-backup-${now.toISOString().slice(0, 10)}.json`
  link.click()
  URL.revokeObjectURL(link.href)
}

export async function readBackup(file: File, userId: string): Promise<{ backup: Backup } | { problem: BackupProblem; table?: string }> {
  return parseBackup(await file.text(), userId, db.tables.map((t) => t.name))
}

export const restore = (backup: Backup): Promise<RestoreReport> => restoreBackup(db, backup)
