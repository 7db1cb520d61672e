// A local JSON backup of everything on the device, the outbox included (SPEC §7), as a download; and reading one
// back for 从备份恢复 (through stores/me: checked by sync/core/backupFile.ts, restored by db/backup.ts).
import { type Backup, type BackupProblem, type RestoreReport, useMeStore } from '../../stores/me'

export async function exportBackup(userId: string): Promise<void> {
  const now = new Date()
  const blob = new Blob([JSON.stringify(await useMeStore().backup(userId, now), null, 1)], { type: 'application/json' })
  const link = document.createElement('a')
  link.href = URL.createObjectURL(blob)
  link.download = `zhibu-backup-${now.toISOString().slice(0, 10)}.json`
  link.click()
  URL.revokeObjectURL(link.href)
}

export async function readBackup(file: File, userId: string): Promise<{ backup: Backup } | { problem: BackupProblem; table?: string }> {
  return useMeStore().readBackup(await file.text(), userId)
}

export const restore = (backup: Backup): Promise<RestoreReport> => useMeStore().restore(backup)
