// Offline cold start (SPEC §9 "opens offline after one visit"), as a ratio against a baseline built in the same
// run: (a) a blank Vite + Vue 3 PWA (vite-plugin-pwa, one component saying hello) written to a temp folder and
// built there, (b) Zhibu's production build signed in as secretary@demo.zhibu, its service worker controlling,
// then offline. Each page is reloaded offline RUNS times under 4× CPU throttling (CDP
// Emulation.setCPUThrottlingRate); a run is navigation start to the meaningful content being visible (Zhibu:
// the 今日 due list, `[data-testid^="due-"]`; blank: the hello text), read as performance.now() in the page.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { build, preview, type PreviewServer } from 'vite'
import { projectRoot } from '../sql/db'
import { signIn, startStack, waitForServiceWorker } from '../e2e/harness'

const RUNS = 9
const CPU_RATE = 4
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** Writes and builds the blank PWA; returns its preview server. The plugins resolve from Zhibu's node_modules. */
async function blankPwa(): Promise<{ server: PreviewServer; url: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'zhibu-blank-pwa-'))
  mkdirSync(join(dir, 'src'))
  writeFileSync(join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
    + '<title>Blank</title></head><body><div id="app"></div><script type="module" src="/src/main.ts"></script></body></html>\n')
  writeFileSync(join(dir, 'src', 'App.vue'), '<template><h1 data-testid="hello">Hello</h1></template>\n')
  writeFileSync(join(dir, 'src', 'main.ts'),
    "import { createApp } from 'vue'\nimport App from './App.vue'\ncreateApp(App).mount('#app')\n"
    + "if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js')\n")
  const vue = (await import('@vitejs/plugin-vue')).default
  const { VitePWA } = await import('vite-plugin-pwa')
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({
      root: dir, configFile: false, mode: 'production', logLevel: 'error',
      resolve: { alias: { vue: join(projectRoot, 'node_modules/vue') } },
      plugins: [vue(), VitePWA({
        injectRegister: false,
        manifest: { name: 'Blank', short_name: 'Blank', start_url: '/', display: 'standalone', icons: [] },
        workbox: { navigateFallback: 'index.html', globPatterns: ['**/*.{js,css,html}'] },
      })],
      build: { outDir: join(dir, 'dist'), emptyOutDir: true, target: 'es2022' },
    })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
  const { port } = await import('node:net').then(({ createServer }) => new Promise<{ port: number }>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const a = s.address() as { port: number }; s.close(() => resolve(a)) })
  }))
  const server = await preview({ root: dir, configFile: false, logLevel: 'error', build: { outDir: join(dir, 'dist') }, preview: { port, strictPort: true, host: '127.0.0.1' } })
  return { server, url: `http://127.0.0.1:${port}`, dir }
}

/** Offline reloads under CPU throttling: ms from navigation start to `selector` visible, one per run. */
async function offlineReloads(ctx: BrowserContext, page: Page, selector: string): Promise<number[]> {
  await ctx.setOffline(true)
  const cdp = await ctx.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE })
  const out: number[] = []
  for (let i = 0; i < RUNS; i++) {
    await page.reload({ waitUntil: 'commit' })
    await page.waitForFunction((sel) => {
      const el = document.querySelector(sel) as HTMLElement | null
      if (!el || !el.offsetParent && getComputedStyle(el).position !== 'fixed') return false
      const w = window as unknown as { __visibleAt?: number }
      w.__visibleAt ??= performance.now()
      return true
    }, selector, { polling: 'raf', timeout: 60_000 })
    out.push(await page.evaluate(() => (window as unknown as { __visibleAt: number }).__visibleAt))
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
  await ctx.setOffline(false)
  return out
}

export async function benchColdStart(): Promise<{ blank: number; zhibu: number; ratio: number }> {
  const stack = await startStack()
  const blank = await blankPwa()
  try {
    const bctx = await stack.phone()
    const bpage = await bctx.newPage()
    await bpage.goto(blank.url)
    await waitForServiceWorker(bpage)
    const blankMs = await offlineReloads(bctx, bpage, '[data-testid="hello"]')
    await bctx.close()

    const zctx = await stack.phone()
    const zpage = await zctx.newPage()
    await signIn(zpage, stack.appUrl, 'secretary@demo.zhibu')
    await waitForServiceWorker(zpage)
    await zpage.goto(`${stack.appUrl}/`)
    await zpage.locator('[data-testid^="due-"]').first().waitFor()
    const zhibuMs = await offlineReloads(zctx, zpage, '[data-testid^="due-"]')
    await zctx.close()

    const b = median(blankMs)
    const z = median(zhibuMs)
    console.log(`\nOffline cold start (CPU ${CPU_RATE}× throttled, ${RUNS} offline reloads, median ms from navigation start)`)
    console.table([
      { app: 'blank Vite+Vue PWA', median_ms: Math.round(b), runs: blankMs.map(Math.round).join(' ') },
      { app: 'Zhibu 今日 (secretary)', median_ms: Math.round(z), runs: zhibuMs.map(Math.round).join(' ') },
    ])
    console.log(`ratio Zhibu / blank = ${(z / b).toFixed(2)} (bar ≤ 1.5)`)
    return { blank: b, zhibu: z, ratio: z / b }
  } finally {
    await new Promise<void>((resolve) => blank.server.httpServer.close(() => resolve()))
    rmSync(blank.dir, { recursive: true, force: true })
    await stack.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchColdStart()
