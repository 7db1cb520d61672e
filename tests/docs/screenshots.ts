// npm run docs:images — the README's three screenshots (docs/images), taken from the production build against a
// fresh seeded local backend in Debian's Chromium at 390×844. Refuses to run without a CJK font, which would
// print Chinese as tofu boxes (fc-list :lang=zh; apt-get install -y fonts-noto-cjk).
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { projectRoot } from '../sql/db'
import { signIn, startStack } from '../e2e/harness'

const fonts = (() => { try { return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim() } catch { return '' } })()
if (!fonts) {
  console.error('docs:images: no CJK font (fc-list :lang=zh is empty); apt-get install -y fonts-noto-cjk')
  process.exit(1)
}

const out = (name: string) => join(projectRoot, 'docs', 'images', name)
const stack = await startStack()
try {
  const secretary = await (await stack.phone()).newPage()
  await signIn(secretary, stack.appUrl, 'secretary@demo.zhibu')
  await secretary.getByTestId('due-theme_day').waitFor()
  await secretary.screenshot({ path: out('today.png') })

  // a planned activity of this month, on its attendance tab
  await secretary.goto(`${stack.appUrl}/activities/new?template=theme_day`)
  await secretary.getByTestId('save-activity').click()
  await secretary.getByTestId('all-present').waitFor()
  await secretary.evaluate(() => window.scrollTo(0, 0))
  await secretary.screenshot({ path: out('attendance.png') })

  const reviewer = await (await stack.phone()).newPage()
  await signIn(reviewer, stack.appUrl, 'reviewer@demo.zhibu')
  await reviewer.getByTestId('review-grid').waitFor()
  await reviewer.screenshot({ path: out('review.png') })
  console.log(`docs:images: wrote today.png, attendance.png, review.png with ${fonts.split('\n')[0]}`)
} finally {
  await stack.close()
}
