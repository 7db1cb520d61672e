// Only the rows in sight of a long table or list (thousands of branches): a window virtualiser whose rows are measured
// as they are drawn (bind `measure` as the row's ref, with data-index), and the spacer heights above and below them,
// so a <table> keeps its sticky header and pinned first column.
import { useWindowVirtualizer } from '@tanstack/vue-virtual'
import { type ComponentPublicInstance, type Ref, computed, nextTick, onMounted, ref, watch } from 'vue'

export function useWindowRows<T>(items: Ref<readonly T[]>, rowHeight: number, anchor: Ref<HTMLElement | null>) {
  // where the table starts on the page: what lies above it (a stamp, a progress bar) may change with the rows
  const offset = ref(0)
  const place = () => { if (anchor.value) offset.value = anchor.value.getBoundingClientRect().top + window.scrollY }
  // read in the next frame, when the browser lays the page out anyway: read during the render it forces a layout of
  // its own (the overscan covers the rows of a first frame drawn with the table at the top)
  const placeNextFrame = () => { requestAnimationFrame(place) }
  onMounted(placeNextFrame)
  watch(() => items.value.length, () => { void nextTick(placeNextFrame) })
  const virtualizer = useWindowVirtualizer(computed(() => ({
    count: items.value.length,
    estimateSize: () => rowHeight,
    overscan: 12,
    scrollMargin: offset.value,
  })))
  const shown = computed(() => virtualizer.value.getVirtualItems().map((v) => ({ index: v.index, item: items.value[v.index]! })))
  const before = computed(() => {
    const first = virtualizer.value.getVirtualItems()[0]
    return first ? first.start - offset.value : 0
  })
  const after = computed(() => {
    const list = virtualizer.value.getVirtualItems()
    const last = list[list.length - 1]
    return last ? virtualizer.value.getTotalSize() - (last.end - offset.value) : 0
  })
  // a row's element, or a component's root element (a Vant cell), carrying data-index
  const measure = (el: Element | ComponentPublicInstance | null) => {
    const node = el instanceof Element ? el : el?.$el
    if (node instanceof Element) virtualizer.value.measureElement(node)
  }
  return { shown, before, after, measure }
}
