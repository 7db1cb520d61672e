// Keeps 今日's first-paint snapshot current (src/modules/firstPaint.ts): once the live sections above 活动预告 are
// drawn, and again after the screen changes (a pull, a record), at most once a second and off the busy moment.
import { onBeforeUnmount, watch, type Ref } from 'vue'
import { saveSnapshot } from '../../modules/firstPaint'

const QUIET_MS = 1000

export function useSnapshotSaver(root: Ref<HTMLElement | undefined>, live: Ref<boolean>,
  owner: () => { user: string; date: string; lang: string }): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let observer: MutationObserver | undefined
  const save = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      const { user, date, lang } = owner()
      if (root.value?.isConnected) saveSnapshot(user, date, lang)
    }, QUIET_MS)
  }
  const stop = () => { observer?.disconnect(); observer = undefined; clearTimeout(timer) }
  watch([live, root], ([isLive, el]) => {
    stop()
    if (!isLive || !el || typeof MutationObserver === 'undefined') return
    observer = new MutationObserver(save)
    observer.observe(el, { childList: true, subtree: true, characterData: true, attributes: true })
    save()
  }, { immediate: true, flush: 'post' })
  onBeforeUnmount(stop)
}
