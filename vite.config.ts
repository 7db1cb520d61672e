/// <reference types="vitest/config" />
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'
import { VantResolver } from '@vant/auto-import-resolver'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { type Plugin, defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import pkg from './package.json' with { type: 'json' }

// Primary colour: a Party red with 6.6:1 contrast for white text (Lighthouse a11y; STACK-NOTES).
export const THEME_COLOR = '#b3261e'

/**
 * Vant inlines its icon font into its stylesheet as ~34 KB of base64, half of the stylesheet every first paint
 * waits for (the first-paint snapshot's script too). In the build the font becomes a file of its own, fetched
 * (from the service worker's cache) only when an icon is drawn.
 */
function vantIconFontFile(): Plugin {
  const FONT = /url\(data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)\)/g
  return {
    name: 'zhibu:vant-icon-font-file',
    apply: 'build',
    generateBundle(_, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.css') || typeof file.source !== 'string') continue
        file.source = file.source.replace(FONT, (_, base64: string) => {
          const source = Buffer.from(base64, 'base64')
          const fileName = `assets/vant-icon-${createHash('sha256').update(source).digest('hex').slice(0, 8)}.woff2`
          if (!bundle[fileName]) this.emitFile({ type: 'asset', fileName, source })
          return `url(/${fileName})`
        })
      }
    },
  }
}

/**
 * The splash's logo drawn inline from public/icons/icon.svg (its one source): an <img> there is one more request the
 * start waits on, in the service worker's queue before the page itself has finished loading.
 */
function inlineSplashIcon(): Plugin {
  const IMG = /<img src="\/icons\/icon\.svg" alt="" width="(\d+)" height="(\d+)" \/>/
  return {
    name: 'zhibu:inline-splash-icon',
    transformIndexHtml(html) {
      const svg = readFileSync(fileURLToPath(new URL('./public/icons/icon.svg', import.meta.url)), 'utf8').trim()
      return html.replace(IMG, (_, w: string, h: string) =>
        svg.replace('<svg ', `<svg width="${w}" height="${h}" aria-hidden="true" `).replace(/\n\s*/g, ' '))
    },
  }
}

/**
 * The app's own stylesheets do not hold up the first paint: the build's links are moved into a <template> at the end
 * of index.html's <head> (neither fetched nor parsed there, not even by the preload scanner), and main.ts links them
 * before it mounts the app (src/modules/appStyles.ts). A start with the first-paint snapshot draws it with the CSS it
 * kept (src/modules/firstPaint.ts); one without it draws the splash, which has its own style.
 */
function appStylesAfterFirstPaint(): Plugin {
  const LINK = /\s*<link rel="stylesheet"[^>]*>/g
  return {
    name: 'zhibu:app-styles-after-first-paint',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const links = (html.match(LINK) ?? []).map((l) => l.trim())
        return html.replace(LINK, '').replace('</head>', `  <template id="zb-app-css">${links.join('')}</template>\n  </head>`)
      },
    },
  }
}

export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
  },
  plugins: [
    vantIconFontFile(),
    inlineSplashIcon(),
    appStylesAfterFirstPaint(),
    vue(),
    // the locale messages compiled to functions at build time: the production bundle has vue-i18n's runtime only,
    // no message compiler, and no message is parsed on the phone (cold start, Lighthouse TBT)
    VueI18nPlugin({
      include: [fileURLToPath(new URL('./src/locales/**/*.json', import.meta.url))],
      runtimeOnly: true, compositionOnly: true, fullInstall: false, dropMessageCompiler: true,
    }),
    Components({ resolvers: [VantResolver()], dts: false }),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/icon.svg', 'icons/apple-touch-icon.png'],
      manifest: {
        name: '支部工作台',
        short_name: '支部工作台',
        description: '党支部“三会一课”、主题党日、双培养的离线记录与审阅',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: THEME_COLOR,
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-512-maskable.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // the app shell answers every in-app URL offline, deep links included
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/(auth|rest)\//],
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    target: 'es2022',
    // no <link rel=modulepreload> in index.html's <head> nor appended before each lazy route: the inline scripts
    // (the first-paint snapshot) run without the preloaded chunks compiling first, and a route's import is not one
    // long task of appending links; every chunk comes from the service worker's cache after the first visit
    modulePreload: false,
    chunkSizeWarningLimit: 400,
    // ZHIBU_SOURCEMAP=1: source maps beside the chunks, for reading a CPU profile of the built app (docs/scale.md)
    sourcemap: process.env.ZHIBU_SOURCEMAP === '1',
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // tests/scratch: local, git-ignored screenshot scripts, run with ZHIBU_SCRATCH=1
    exclude: ['**/node_modules/**', ...(process.env.ZHIBU_SCRATCH ? [] : ['tests/scratch/**'])],
    environment: 'node',
    testTimeout: 60_000,
    // expect.poll waits on state (a row reaching the server, a screen updating): its default 1 s ceiling fails on a
    // loaded 2-core machine; the browser tests' other waits share this ceiling (tests/e2e/harness.ts STATE_WAIT_MS)
    expect: { poll: { timeout: 60_000, interval: 100 } },
    hookTimeout: 180_000,
    // PGlite instances are ~700 MB each; two workers fit the 2-core CI machine
    maxWorkers: 2,
    server: { deps: { inline: ['vant'] } },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
})
