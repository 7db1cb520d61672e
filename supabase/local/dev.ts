// `npm run dev [-- --empty] [-- --reset]`: the local backend (a child process, so its PGlite closes cleanly;
// the options are passed on to it) and Vite's dev server together. The app's defaults point at the
// backend's well-known URL and anon key (src/modules/supabase.ts).
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createServer } from 'vite'
import { projectRoot } from '../../tests/sql/db'

const backend = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'supabase', 'local', 'main.ts'), '--quiet', ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
})
backend.on('exit', (code) => {
  if (code !== 0) console.error(`local backend stopped (exit ${code})`)
  process.exit(code ?? 1)
})

const vite = await createServer({ root: projectRoot })
await vite.listen()
vite.printUrls()
console.log(
  process.argv.includes('--empty')
    ? '  An empty project: open the set-up link the backend prints (Set-up link …) to create the first committee.'
    : '  Sign in with a demo account (password zhibu-demo) listed on the sign-in page.',
)

const stop = async () => {
  await vite.close()
  backend.kill('SIGINT')
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
