// first: the device database opens while the rest of the code loads
import './modules/openDb'
// and index.html's stylesheets are linked, not having held up the first paint
import { appStyles } from './modules/appStyles'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import 'vant/es/toast/style'
import 'vant/es/dialog/style'
import 'vant/es/notify/style'
import App from './App.vue'
import './styles.css'
import { engine } from './modules/data'
import { checkEviction, keepMarker } from './modules/eviction'
import { releaseSnapshot } from './modules/firstPaint'
import { i18n, savedLocale, setLocale } from './modules/i18n'
import { installPwa, requestPersistentStorage } from './modules/pwa'
import { router } from './router'
import { getSupabase, nextTask } from './modules/supabase'
import { afterFirstScreen, preloadRoute } from './modules/startup'
import { useSessionStore } from './stores/session'

const app = createApp(App).use(createPinia()).use(i18n).use(router)
document.documentElement.lang = i18n.global.locale.value
// the first-paint snapshot is 今日's: any other first screen drops it
router.afterEach((to) => { if (to.path !== '/') releaseSnapshot() })
// in a task of its own: the route's imports append their preload links, which is work of its own (Lighthouse TBT)
const firstPath = useSessionStore().user ? location.pathname : '/login'
setTimeout(() => preloadRoute(router, firstPath), 0)
// sync and the service worker wait for the first screen (signing in starts sync itself)
// each step in a task of its own: together they were one long task right after the first screen (Lighthouse TBT)
afterFirstScreen(router, async () => {
  installPwa()
  await nextTask()
  void requestPersistentStorage()
  const user = useSessionStore().user
  if (!user) return
  // the eviction check reads the database before the first pull can write a cursor into it
  const checked = checkEviction(user.id).catch((error: unknown) => console.error('eviction check failed', error))
  await nextTask()
  // with a signal, supabase-js is loaded first, in tasks of its own, and the first sync's work (and the renders
  // after it) comes in later ones; without one it loads only when sync first reaches the server
  const ready = navigator.onLine ? getSupabase().then(nextTask, () => undefined) : Promise.resolve()
  await Promise.all([ready, checked])
  keepMarker(user.id)
  engine.start()
})
// the saved language first (English is a chunk of its own), then the first screen — in a task of its own, so
// evaluating the code and drawing the shell are two shorter tasks instead of one long one (Lighthouse TBT); and
// not before index.html's stylesheets apply
const mount = () => void appStyles.then(() => setTimeout(() => app.mount('#app'), 0))
void (savedLocale() === 'zh-CN' ? Promise.resolve() : setLocale(savedLocale())).finally(mount)
