// Where a signed-in user lands: reviewers and finance on 审阅, everyone else on 今日. Its own module, so that the
// sign-in screens and the router's guard share it without importing each other.
export function homeFor(session: { canReview: boolean; branchId: string | null }): string {
  return session.canReview && !session.branchId ? '/review' : '/'
}
