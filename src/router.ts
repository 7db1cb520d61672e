// Routes by area, loaded lazily so the first screen ships only what it needs. Each route says who may
// open it; the server enforces the same rules with RLS, this only keeps people on screens that work.
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { homeFor } from './modules/home'
import { useSessionStore } from './stores/session'

type Audience = 'any' | 'branch' | 'secretary' | 'review' | 'reviewer' | 'finance' | 'money'
declare module 'vue-router' {
  /** back: show the back arrow on a one-segment path that is not a tab (/pairings).
   *  anyone: a public page that a signed-in user may open too (first-run set-up). */
  interface RouteMeta { audience?: Audience; public?: boolean; anyone?: boolean; titleKey?: string; back?: boolean }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', component: () => import('./features/auth/LoginView.vue'), meta: { public: true, titleKey: 'login.title' } },
    { path: '/setup', component: () => import('./features/auth/SetupView.vue'), meta: { public: true, anyone: true, titleKey: 'setup.title' } },
    { path: '/join', component: () => import('./features/auth/JoinView.vue'), meta: { public: true, anyone: true, titleKey: 'invite.joinTitle' } },
    { path: '/', component: () => import('./features/home/HomeView.vue'), meta: { audience: 'branch', titleKey: 'home.title' } },
    { path: '/activities', component: () => import('./features/activities/ActivityListView.vue'), meta: { audience: 'branch', titleKey: 'activities.title' } },
    { path: '/activities/new', component: () => import('./features/activities/ActivityFormView.vue'), meta: { audience: 'secretary', titleKey: 'activities.new' } },
    { path: '/activities/:id', component: () => import('./features/activities/ActivityDetailView.vue'), meta: { audience: 'branch', titleKey: 'activities.title' } },
    { path: '/activities/:id/edit', component: () => import('./features/activities/ActivityFormView.vue'), meta: { audience: 'secretary', titleKey: 'activities.edit' } },
    { path: '/activities/:id/scan', component: () => import('./features/checkin/CheckinScanMembersView.vue'), meta: { audience: 'secretary', titleKey: 'checkin.scan.title' } },
    { path: '/activities/:id/code', component: () => import('./features/checkin/CheckinEventCodeView.vue'), meta: { audience: 'secretary', titleKey: 'checkin.event.title' } },
    { path: '/checkin/scan', component: () => import('./features/checkin/CheckinScanEventView.vue'), meta: { audience: 'branch', titleKey: 'checkin.event.scanTitle' } },
    { path: '/roster', component: () => import('./features/roster/RosterView.vue'), meta: { audience: 'secretary', titleKey: 'roster.title' } },
    { path: '/roster/new', component: () => import('./features/roster/RosterPersonView.vue'), meta: { audience: 'secretary', titleKey: 'roster.new' } },
    { path: '/roster/import', component: () => import('./features/import/RosterImportView.vue'), meta: { audience: 'secretary', titleKey: 'import.title' } },
    { path: '/roster/groups', component: () => import('./features/roster/RosterGroupsView.vue'), meta: { audience: 'secretary', titleKey: 'roster.groups.title' } },
    { path: '/roster/:id', component: () => import('./features/roster/RosterPersonView.vue'), meta: { audience: 'secretary', titleKey: 'roster.person' } },
    { path: '/review', component: () => import('./features/review/ReviewView.vue'), meta: { audience: 'review', titleKey: 'review.title' } },
    { path: '/review/orgs', component: () => import('./features/orgs/OrgTreeView.vue'), meta: { audience: 'reviewer', titleKey: 'orgs.title' } },
    { path: '/review/orgs/:id', component: () => import('./features/orgs/OrgDetailView.vue'), meta: { audience: 'reviewer', titleKey: 'orgs.detail' } },
    { path: '/review/feedback', component: () => import('./features/review/FeedbackListView.vue'), meta: { audience: 'reviewer', titleKey: 'feedback.listTitle' } },
    { path: '/review/cadence', component: () => import('./features/cadence/CadencePolicyView.vue'), meta: { audience: 'reviewer', titleKey: 'cadence.title' } },
    // a branch's 台账: its reviewers and its own secretary (the server refuses anyone else)
    { path: '/ledger/:branch', component: () => import('./features/ledger/LedgerView.vue'), meta: { audience: 'money', titleKey: 'ledger.title' } },
    { path: '/funding', component: () => import('./features/funding/FundingView.vue'), meta: { audience: 'money', titleKey: 'funding.title' } },
    { path: '/funding/policies', component: () => import('./features/funding/FundingPolicyView.vue'), meta: { audience: 'finance', titleKey: 'funding.policies.title' } },
    { path: '/funding/expenses', component: () => import('./features/funding/ExpensesView.vue'), meta: { audience: 'secretary', titleKey: 'funding.expenses.title' } },
    { path: '/pairings', component: () => import('./features/pairings/PairingListView.vue'), meta: { audience: 'branch', titleKey: 'pairings.title', back: true } },
    { path: '/pairings/new', component: () => import('./features/pairings/PairingFormView.vue'), meta: { audience: 'secretary', titleKey: 'pairings.new' } },
    { path: '/pairings/:id', component: () => import('./features/pairings/PairingDetailView.vue'), meta: { audience: 'branch', titleKey: 'pairings.detail' } },
    { path: '/me/attendance', component: () => import('./features/member/MemberAttendanceView.vue'), meta: { audience: 'branch', titleKey: 'member.attendanceTitle' } },
    { path: '/me/code', component: () => import('./features/checkin/CheckinMyCodeView.vue'), meta: { audience: 'any', titleKey: 'checkin.myCode' } },
    { path: '/me/feedback', component: () => import('./features/me/FeedbackView.vue'), meta: { audience: 'any', titleKey: 'feedback.title' } },
    { path: '/me', component: () => import('./features/me/MeView.vue'), meta: { audience: 'any', titleKey: 'me.title' } },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
})


function allowed(to: RouteLocationNormalized, session: ReturnType<typeof useSessionStore>): boolean {
  switch (to.meta.audience) {
    case 'secretary': return session.isSecretary
    case 'review': return session.canReview
    case 'reviewer': return session.isReviewer
    case 'finance': return session.isFinance
    // money and ledgers: the committee's reviewers and finance, and a branch's secretary for their own branch
    case 'money': return session.canReview || session.isSecretary
    case 'branch': return Boolean(session.branchId) || !session.canReview
    default: return true
  }
}

router.beforeEach(async (to) => {
  const session = useSessionStore()
  if (session.user) await session.ready()
  if (to.meta.public) return session.user && !to.meta.anyone ? homeFor(session) : true
  if (!session.user) return { path: '/login', query: { next: to.fullPath } }
  return allowed(to, session) ? true : homeFor(session)
})
