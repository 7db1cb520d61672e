// End-to-end stack for one test file: a fresh seeded PGlite behind the local backend on a free port, the
// production build pointed at it (vite build takes ~1 s), served by `vite preview`, and Debian's Chromium
// driven by playwright-core. Without Chromium the tests skip with the reason printed; under CI=true they fail.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer as netServer } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { build, preview, type PreviewServer } from 'vite'
import { type LocalBackend, startLocalBackend } from '../../supabase/local/server'
import { serial } from '../../supabase/local/tx'
import { seededDb } from '../backend/harness'
import { createDb, projectRoot } from '../sql/db'
import { type RgbaFrame, blankFrame, fakeCameraArgs, showToCamera } from './camera'

/**
 * How long any wait on the app's state may take before it fails: element, badge, service worker, and (through
 * `expect.poll` in vite.config.ts) server rows. A ceiling, not a pause: a passing wait returns as soon as the
 * state is there, so it only matters on a loaded 2-core machine, where a sync can take many seconds.
 */
export const STATE_WAIT_MS = 60_000
// a whole browser test walks many such waits; its own ceiling is several of them (the bench and the screenshot
// script use this harness outside Vitest, where there is no test to configure)
if (process.env.VITEST) (await import('vitest')).vi.setConfig({ testTimeout: 5 * STATE_WAIT_MS })

export function chromePath(): string | undefined {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]
  return candidates.find((p) => existsSync(p))
}

/** For describe.skipIf: the reason to skip, printed; under CI=true a missing browser is an error. */
export function chromiumSkipReason(): string | undefined {
  if (chromePath()) return undefined
  const reason = 'no Chromium (set CHROME_PATH or apt-get install -y chromium)'
  if (process.env.CI === 'true') throw new Error(`CI=true but ${reason}`)
  console.warn(`[skip] browser tests skipped: ${reason}`)
  return reason
}

/**
 * For tests that read Chinese back from a printed PDF: the reason to skip when the machine has no CJK font
 * (`fc-list :lang=zh` empty), since Chromium then prints Chinese as empty glyphs. Under CI=true it is an error:
 * `.ci/run` installs fonts-noto-cjk.
 */
export function cjkFontSkipReason(): string | undefined {
  let families = ''
  try { families = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim() } catch { /* no fontconfig */ }
  if (families) return undefined
  const reason = 'no CJK font (fc-list :lang=zh is empty; apt-get install -y fonts-noto-cjk)'
  if (process.env.CI === 'true') throw new Error(`CI=true but ${reason}`)
  console.warn(`[skip] printed-page test skipped: ${reason}`)
  return reason
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = netServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

export interface Stack {
  db: PGlite
  backend: LocalBackend
  appUrl: string
  browser: Browser
  phone(): Promise<BrowserContext>
  desktop(): Promise<BrowserContext>
  /** Holds a picture in front of the browser's (fake) camera: pages that open the camera from now on see it. */
  showToCamera(frame: RgbaFrame): void
  /** Publishes a new build of the app, as a deployment would, under another version number. */
  redeploy(version: string): Promise<void>
  close(): Promise<void>
}

/** The app built against a local backend; `empty`: a new project (migrations, no demo data). */
export async function startStack({ empty = false } = {}): Promise<Stack> {
  const db = empty ? await createDb() : await seededDb()
  const backend = await startLocalBackend({ db, port: await freePort() })
  const outDir = mkdtempSync(join(tmpdir(), 'zhibu-e2e-'))
  process.env.VITE_SUPABASE_URL = backend.url
  const buildApp = async (version?: string) => {
    // vitest sets NODE_ENV=test, which would make this a development build (no service worker, Vue dev mode)
    const nodeEnv = process.env.NODE_ENV
    process.env.NODE_ENV = 'production'
    try {
      await build({
        root: projectRoot, mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true },
        ...(version ? { define: { __APP_VERSION__: JSON.stringify(version) } } : {}),
      })
    } finally {
      process.env.NODE_ENV = nodeEnv
    }
  }
  await buildApp()
  const port = await freePort()
  const server: PreviewServer = await preview({ root: projectRoot, logLevel: 'error', build: { outDir }, preview: { port, strictPort: true, host: '127.0.0.1' } })
  const cameraFile = join(outDir, '..', `${basename(outDir)}-camera.y4m`)
  showToCamera(cameraFile, blankFrame)
  const browser = await chromium.launch({
    executablePath: chromePath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...fakeCameraArgs(cameraFile)],
  })
  const context = async (viewport: { width: number; height: number }, isMobile: boolean) => {
    const ctx = await browser.newContext({ viewport, isMobile, hasTouch: isMobile, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'allow' })
    ctx.setDefaultTimeout(STATE_WAIT_MS) // a missing element fails at its own line, well inside the test's timeout
    return ctx
  }
  return {
    db,
    backend,
    appUrl: `http://127.0.0.1:${port}`,
    browser,
    phone: () => context({ width: 390, height: 844 }, true),
    desktop: () => context({ width: 1280, height: 800 }, false),
    showToCamera: (frame) => showToCamera(cameraFile, frame),
    redeploy: (version) => buildApp(version),
    async close() {
      await browser.close()
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
      await backend.close()
      await db.close()
      rmSync(outDir, { recursive: true, force: true })
      rmSync(cameraFile, { force: true })
    },
  }
}

/** Signs in through the sign-in page and waits for the first sync to finish. */
export async function signIn(page: Page, appUrl: string, email: string, firstSync = STATE_WAIT_MS): Promise<void> {
  await page.goto(`${appUrl}/login`)
  await page.getByTestId('login-email').locator('input').fill(email)
  await page.getByTestId('login-password').locator('input').fill('zhibu-demo')
  await page.getByTestId('login-submit').click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  await expectBadge(page, /已同步/, firstSync)
}

export async function expectBadge(page: Page, text: RegExp, timeout = STATE_WAIT_MS): Promise<void> {
  const badge = page.getByTestId('sync-badge').filter({ hasText: text })
  await badge.waitFor({ timeout })
  if (!text.test('已同步')) return
  // The badge counts the outbox through a live query of its own, which can be drawn a tick after the screen that
  // shows a saved edit: 已同步 then still means "before the edit". So the outbox itself must hold nothing to send.
  await page.waitForFunction(() => new Promise<boolean>((resolve) => {
    const open = indexedDB.open('zhibu')
    // no database yet: nothing queued (and opening must not create one under the app)
    open.onupgradeneeded = () => { open.transaction?.abort(); resolve(true) }
    open.onerror = () => resolve(false)
    open.onsuccess = () => {
      const db = open.result
      if (!db.objectStoreNames.contains('outbox')) { db.close(); resolve(true); return }
      const all = db.transaction('outbox').objectStore('outbox').getAll()
      all.onsuccess = () => { db.close(); resolve((all.result as { state: string }[]).every((e) => e.state === 'rejected')) }
      all.onerror = () => { db.close(); resolve(false) }
    }
  }), undefined, { timeout, polling: 100 })
  await badge.waitFor({ timeout })
}

/** Waits until the page is controlled by the service worker, so it can reload offline. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  // the first visit installs the worker; without clients.claim() it controls pages from the next load on
  await page.evaluate(async () => { await navigator.serviceWorker.ready })
  if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) await page.reload()
  await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), undefined, { timeout: STATE_WAIT_MS })
}

/** A due row of 今日 as the app draws it (the first-paint snapshot's rows have no test ids). */
export const LIVE_DUE_ROW = '[data-testid="due-list"] .van-cell'

/**
 * Signs `page` in as the demo secretary and leaves 今日 on screen until it has kept its first-paint snapshot, as a
 * person looking at it would: what every offline cold start of the app begins from.
 */
export async function keepSecretaryToday(page: Page, appUrl: string): Promise<void> {
  await signIn(page, appUrl, 'secretary@demo.zhibu')
  await waitForServiceWorker(page)
  await page.goto(`${appUrl}/`)
  await page.locator(LIVE_DUE_ROW).first().waitFor()
  await page.waitForFunction(() => localStorage.getItem('zhibu.firstPaint') !== null, undefined, { timeout: STATE_WAIT_MS })
}

/** Runs SQL on the stack's database as service_role, queued behind the backend's own requests. */
export function serverQuery<T>(stack: Stack, sql: string, params: unknown[] = []): Promise<T[]> {
  return serial(stack.db, () =>
    stack.db.transaction(async (tx) => {
      await tx.query(`select set_config('request.jwt.claims', '{"role":"service_role"}', true)`)
      return (await tx.query<T>(sql, params)).rows
    }),
  )
}
