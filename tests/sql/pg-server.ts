// A throwaway PostgreSQL cluster from the machine's own binaries (Debian keeps them in
// /usr/lib/postgresql/<major>/bin), for what PGlite cannot show: a second major version (hosted Supabase
// runs 15 or 17, PGlite 18) and real concurrency. Where no initdb exists the caller skips with the reason
// returned by findPostgres(); under CI=true it must fail instead (see requirePostgres).
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { schemaSql } from './db'

export interface PgBinaries { bin: string; major: number }

/** The newest-but-preferably-15 PostgreSQL binaries on this machine, or why there are none. */
export function findPostgres(): PgBinaries | { missing: string } {
  const root = '/usr/lib/postgresql'
  const majors = existsSync(root)
    ? readdirSync(root).map(Number).filter((m) => existsSync(join(root, String(m), 'bin', 'initdb')))
    : []
  if (majors.length === 0) return { missing: `no initdb under ${root}/*/bin (apt-get install -y postgresql-15)` }
  const major = majors.includes(15) ? 15 : Math.min(...majors)
  return { bin: join(root, String(major), 'bin'), major }
}

/** For describe.skipIf: the reason to skip, printed once; under CI=true a missing server is an error. */
export function postgresSkipReason(): string | undefined {
  const found = findPostgres()
  if (!('missing' in found)) return undefined
  if (process.env.CI === 'true') throw new Error(`CI=true but PostgreSQL is missing: ${found.missing}`)
  console.warn(`[skip] PostgreSQL tests skipped: ${found.missing}`)
  return found.missing
}

export interface PgCluster {
  major: number
  /** the binaries' directory, and the socket directory and port to reach the server (pg_dump -h <host> -p <port>) */
  bin: string
  host: string
  port: number
  connect(database?: string): Promise<pg.Client>
  stop(): void
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0

// Root may not run postgres: run the server binaries as the postgres user, who owns the temp dir.
function run(bin: string, args: string[]): void {
  const [cmd, cmdArgs] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]
  const result = spawnSync(cmd, cmdArgs, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${result.stderr || result.stdout}`)
}

export async function startCluster(): Promise<PgCluster> {
  const found = findPostgres()
  if ('missing' in found) throw new Error(found.missing)
  const dir = mkdtempSync(join(tmpdir(), 'zhibu-pg-'))
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
  }
  const data = join(dir, 'data')
  const port = 54000 + (process.pid % 1000) + Math.floor(Math.random() * 400)
  run(join(found.bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
  run(join(found.bin, 'pg_ctl'), [
    '-D', data, '-w', '-l', join(dir, 'server.log'),
    '-o', `-p ${port} -k ${dir} -c listen_addresses='' -c fsync=off -c max_connections=20 -c TimeZone=UTC`,
    'start',
  ])
  const stop = () => {
    try {
      run(join(found.bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const connect = async (database = 'postgres') => {
    const client = new pg.Client({ host: dir, port, user: 'postgres', database })
    await client.connect()
    return client
  }
  return { major: found.major, bin: found.bin, host: dir, port, connect, stop }
}

/** A database on the cluster with the shim and every migration applied (or the given files, in order). */
export async function createMigratedDatabase(
  cluster: PgCluster, name: string, files: { name: string; sql: string }[] = schemaSql(),
): Promise<void> {
  const admin = await cluster.connect()
  try {
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const client = await cluster.connect(name)
  try {
    for (const { name: file, sql } of files) {
      try {
        await client.query(sql)
      } catch (error) {
        throw new Error(`applying ${file} on PostgreSQL ${cluster.major}: ${(error as Error).message}`, { cause: error })
      }
    }
  } finally {
    await client.end()
  }
}
