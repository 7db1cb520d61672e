// How 今日 and the member's screens name an activity: its title, else its kinds ("主题党日 + 党员大会").
import type { Activity } from '../../domain'

type Translate = (key: string) => string

export function activityName(activity: Pick<Activity, 'title' | 'kinds'>, t: Translate): string {
  return activity.title || activity.kinds.map((k) => t(`kinds.${k}`)).join(' + ')
}
