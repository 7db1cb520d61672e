// `npm run backend [-- --empty] [-- --reset]`: the local Supabase-compatible backend on http://127.0.0.1:54321
// over the persisted PGlite in .local/pgdata (demo data), or .local/pgdata-empty (an empty project and its
// one-time set-up link). One process per data directory (a lock file guards it).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, relative } from 'node:path'
import { MigrationChangedError, defaultDataDir, emptyDataDir, gotrueWarnings, openLocalDb } from './db'
import { ANON_KEY, DEFAULT_HOST, DEFAULT_PORT, DEMO_ACCOUNTS, DEMO_PASSWORD, JWT_SECRET, SERVICE_ROLE_KEY } from './keys'
import { startLocalBackend } from './server'
import { DEFAULT_APP_URL, createSetupLink } from './setup-link'

const USAGE = `Usage: npm run backend [-- --empty] [-- --reset] [-- --quiet]    (npm run dev takes the same options)
  --empty   an empty project in ${relative(process.cwd(), emptyDataDir)}: migrations, no demo data; prints a one-time
            set-up link (a new one on every start) for creating the first committee and its reviewer
  --reset   delete the data directory first (re-applies the shim, migrations and, without --empty, the seed)
  --quiet   do not log each request
Environment: PORT (default ${DEFAULT_PORT}), HOST (default ${DEFAULT_HOST}), APP_URL (the app in the set-up link,
default ${DEFAULT_APP_URL})`

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2))
  if (args.has('--help') || args.has('-h')) return void console.log(USAGE)
  const unknown = [...args].filter((a) => !['--empty', '--reset', '--quiet'].includes(a))
  if (unknown.length) throw new CliError(`unknown option ${unknown.join(' ')}\n${USAGE}`)
  const port = Number(process.env.PORT ?? DEFAULT_PORT)
  const host = process.env.HOST ?? DEFAULT_HOST
  const empty = args.has('--empty')
  const dataDir = empty ? emptyDataDir : defaultDataDir
  const lock = `${dataDir}.lock`
  takeLock(lock, dataDir)

  const started = Date.now()
  console.log(`Opening ${relative(process.cwd(), dataDir)}${args.has('--reset') ? ' (reset)' : ''} …`)
  let opened
  try {
    opened = await openLocalDb(dataDir, { reset: args.has('--reset'), seed: !empty })
  } catch (error) {
    rmSync(lock, { force: true })
    if (empty && error instanceof MigrationChangedError) {
      throw new MigrationChangedError(error.message.replace('npm run backend -- --reset', 'npm run backend -- --empty --reset'))
    }
    throw error
  }
  const { db, notes } = opened
  for (const note of notes) console.log(`  ${note}`)
  for (const warning of await gotrueWarnings(db)) console.warn(`  warning (real GoTrue would refuse): ${warning}`)

  const backend = await startLocalBackend({ db, port, host, log: args.has('--quiet') ? undefined : (l) => console.log(l) }).catch(
    async (error: NodeJS.ErrnoException) => {
      await db.close()
      rmSync(lock, { force: true })
      throw error.code === 'EADDRINUSE' ? new CliError(`port ${port} is in use (set PORT to use another)`) : error
    },
  )
  const users = (await db.query<{ email: string }>(`select email from auth.users where email like '%@demo.zhibu' order by email`)).rows
  const ready = `
Zhibu local backend ready in ${((Date.now() - started) / 1000).toFixed(1)} s${empty ? ' (empty project)' : ''}
  API URL           ${backend.url}
  anon key          ${ANON_KEY}
  service_role key  ${SERVICE_ROLE_KEY}
  JWT secret        ${JWT_SECRET}`
  if (empty) {
    const link = await createSetupLink(db, process.env.APP_URL ?? DEFAULT_APP_URL)
    console.log(`${ready}
${link.ok ? `Set-up link  ${link.url}\n  (one use, valid 24 h; sign up there, then name the first committee)` : `No set-up link: ${link.message}`}
Ctrl-C stops it.`)
  } else {
    console.log(`${ready}
Demo accounts (password ${DEMO_PASSWORD}):
${DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(22)} ${a.what}${users.some((u) => u.email === a.email) ? '' : '  (not in this database)'}`).join('\n')}
Ctrl-C stops it.`)
  }

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) {
      console.log('forced exit')
      process.exit(1)
    }
    stopping = true
    console.log(`\n${signal}: closing the server and the database …`)
    await backend.close()
    await db.close()
    rmSync(lock, { force: true })
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

/** Two processes on one PGlite directory corrupt it (STACK-NOTES): refuse to start while another holds it. */
function takeLock(lock: string, dataDir: string): void {
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'))
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new CliError(`another backend (pid ${pid}) is using ${relative(process.cwd(), dataDir)}; stop it first`)
    }
  }
  mkdirSync(dirname(lock), { recursive: true })
  writeFileSync(lock, String(process.pid))
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Errors the developer can act on: their message is the whole story. */
class CliError extends Error {}

main().catch((error: unknown) => {
  const known = error instanceof MigrationChangedError || error instanceof CliError
  console.error(known ? (error as Error).message : (error as Error).stack ?? String(error))
  process.exit(1)
})
