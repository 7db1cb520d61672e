// Bundle budget (SPEC §9): first-route JS (gzip) and the service worker's precache, from a fresh build.
// Prints a table; budgets are reported, not asserted (no timed or sized assertions in unit tests).
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { projectRoot } from '../sql/db'

export async function benchBundle(): Promise<void> {
  const outDir = join(projectRoot, 'dist')
  await build({ root: projectRoot, logLevel: 'error' })

  const html = readFileSync(join(outDir, 'index.html'), 'utf8')
  const entryFiles = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!)
  // the first route (今日) loads its own lazy chunk right after the entry
  const homeChunk = readdirSync(join(outDir, 'assets')).filter((f) => /^HomeView-.*\.js$/.test(f)).map((f) => `assets/${f}`)
  const gz = (file: string) => gzipSync(readFileSync(join(outDir, file))).length
  const firstRoute = [...new Set([...entryFiles, ...homeChunk])]
  const firstRouteGzip = firstRoute.reduce((sum, f) => sum + gz(f), 0)

  const sw = readFileSync(join(outDir, 'sw.js'), 'utf8')
  const precached = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]!)
  const precacheBytes = precached.reduce((sum, url) => sum + statSync(join(outDir, url)).size, 0)

  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
  console.table([
    { measure: 'first-route JS (gzip)', value: kb(firstRouteGzip), budget: '150 KB', ratio: (firstRouteGzip / (150 * 1024)).toFixed(2) },
    { measure: `precache (${precached.length} files)`, value: kb(precacheBytes), budget: '2048 KB', ratio: (precacheBytes / (2048 * 1024)).toFixed(2) },
  ])
  console.table(firstRoute.map((f) => ({ file: f, gzip: kb(gz(f)) })))
}
