// One comment for a moderator (in its thread, with reports and the full log) and one person's
// record with the restriction forms.
import { CsrfField } from '../../discussion/forms.js';
import { type PageContext, renderPage } from '../../layout.js';
import { ActionForms, AuthorCard, type Counts, type ItemView, ModerationShell, REASON_OPTIONS, Reasons, when } from './common.js';

interface Brief {
  id: string;
  author: string;
  html: string;
  status: string;
}

export interface CommentDetailProps {
  item: ItemView;
  ancestors: Brief[];
  replies: Brief[];
  log: { id: string; action: string; actor: { username: string } | null; phase: string | null; reasons: string[]; statement: string | null; createdAt: string }[];
  reports: { id: string; reason: string; note: string | null; status: string; createdAt: string; reporter: string }[];
  counts: Counts;
}

const brief = (c: Brief) => (
  <li key={c.id} class="mod-context-item">
    <strong>@{c.author}</strong> <span class="mod-meta">({c.status})</span>
    <div class="comment-body" dangerouslySetInnerHTML={{ __html: c.html || '<p>[deleted]</p>' }} />
  </li>
);

export function renderCommentDetailPage(ctx: PageContext, p: CommentDetailProps): string {
  const path = `/moderation/comments/${p.item.id}`;
  return renderPage(
    ctx,
    { title: `Comment · Moderation · ${ctx.siteName}`, path, noindex: true },
    <ModerationShell ctx={ctx} current="" counts={p.counts}>
      <h1 class="page-title">Comment {p.item.article && <>on “{p.item.article.title}”</>}</h1>
      {p.ancestors.length > 0 && (
        <section aria-label="Replying to">
          <h2 class="mod-subhead">In reply to</h2>
          <ol class="mod-context">{p.ancestors.map(brief)}</ol>
        </section>
      )}
      <article class="mod-item mod-item--focus" id={`mod-${p.item.id}`} data-comment={p.item.id} tabIndex={-1}>
        <div class="mod-item-head">
          {p.item.author && <AuthorCard author={p.item.author} />}
          <span class="mod-meta">
            {p.item.status} · {when(p.item.createdAt, ctx)}
          </span>
        </div>
        <div class="comment-body mod-body" dangerouslySetInnerHTML={{ __html: p.item.html }} />
        <Reasons item={p.item} />
        <ActionForms ctx={ctx} item={p.item} returnTo={path} />
      </article>
      {p.replies.length > 0 && (
        <section aria-label="Replies">
          <h2 class="mod-subhead">Replies</h2>
          <ol class="mod-context">{p.replies.map(brief)}</ol>
        </section>
      )}
      <section>
        <h2 class="mod-subhead">Reports</h2>
        {p.reports.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul class="mod-log">
            {p.reports.map((r) => (
              <li key={r.id}>
                {when(r.createdAt, ctx)} — @{r.reporter}: <strong>{r.reason}</strong> ({r.status}){r.note && <> — “{r.note}”</>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2 class="mod-subhead">Moderation log</h2>
        <ul class="mod-log">
          {p.log.map((a) => (
            <li key={a.id}>
              {when(a.createdAt, ctx)} — <strong>{a.action}</strong> by {a.actor ? `@${a.actor.username}` : 'the system'}
              {a.phase && ` (${a.phase})`}
              {a.reasons.length > 0 && ` · ${a.reasons.join(', ')}`}
              {a.statement && <> — “{a.statement}”</>}
            </li>
          ))}
        </ul>
      </section>
    </ModerationShell>,
  );
}

export interface UserPageProps {
  user: { id: string; username: string; displayName: string; role: string | null; accountAgeDays: number; comments: number; byStatus: Record<string, number>; rejectionRate: number; reportsReceived: number; restrictions: { kind: string; expiresAt: string | null }[] };
  history: { id: string; kind: string; reasonCode: string; message: string; everywhere: boolean; createdAt: string; expiresAt: string | null; acknowledgedAt: string | null; liftedAt: string | null }[];
  canBanEverywhere: boolean;
  counts: Counts;
  error?: string;
}

export function renderUserPage(ctx: PageContext, p: UserPageProps): string {
  const path = `/moderation/users/${p.user.id}`;
  const u = p.user;
  return renderPage(
    ctx,
    { title: `${u.displayName} · Moderation · ${ctx.siteName}`, path, noindex: true },
    <ModerationShell ctx={ctx} current="" counts={p.counts}>
      <h1 class="page-title">
        {u.displayName} <span class="comment-handle">@{u.username}</span>
      </h1>
      <AuthorCard author={{ ...u }} />
      <p>
        By status: {Object.entries(u.byStatus).map(([k, v]) => `${k} ${v}`).join(', ') || 'no comments'} ·{' '}
        <a href={`/moderation/all?authorId=${u.id}`}>All their comments</a>
      </p>
      <h2 class="mod-subhead">Restrictions</h2>
      {p.history.length === 0 ? (
        <p>None so far.</p>
      ) : (
        <ul class="mod-log">
          {p.history.map((r) => (
            <li key={r.id}>
              <strong>{r.kind}</strong>
              {r.everywhere && ' (every site)'} · {r.reasonCode} · from {when(r.createdAt, ctx)}
              {r.expiresAt && <> until {when(r.expiresAt, ctx)}</>}
              {r.liftedAt ? <> · lifted {when(r.liftedAt, ctx)}</> : r.kind === 'warning' ? (r.acknowledgedAt ? ' · acknowledged' : ' · not yet acknowledged') : null}
              {r.message && <> — “{r.message}”</>}
              {!r.liftedAt && (
                <form method="post" action={`/moderation/restrictions/${r.id}/lift`} class="mod-action">
                  <CsrfField token={ctx.csrf} />
                  <input type="hidden" name="returnTo" value={path} />
                  <button type="submit" class="link-button">
                    Lift
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2 class="mod-subhead">Restrict or trust</h2>
      {p.error && (
        <p class="form-error" role="alert">
          {p.error}
        </p>
      )}
      <form method="post" action={`${path}/restrict`} class="comment-form mod-restrict">
        <CsrfField token={ctx.csrf} />
        <label for="r-kind">Action</label>
        <select id="r-kind" name="kind">
          <option value="warning">Warn (they must acknowledge it)</option>
          <option value="suspension">Suspend for a number of days</option>
          <option value="ban">Ban from this site</option>
          <option value="premoderate">Always premoderate</option>
          <option value="trusted">Mark trusted</option>
        </select>
        <label for="r-days">Days (suspensions; optional for bans and premoderation)</label>
        <input id="r-days" name="days" type="number" min="1" max="3650" />
        <label for="r-reason">Reason</label>
        <select id="r-reason" name="reason">
          {REASON_OPTIONS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <label for="r-message">Message to the person (goes into their statement of reasons)</label>
        <textarea id="r-message" name="message" rows={3} maxLength={2000} />
        {p.canBanEverywhere && (
          <label>
            <input type="checkbox" name="everywhere" value="1" /> Ban from every site (operators)
          </label>
        )}
        <p class="form-actions">
          <button type="submit" class="button">
            Apply
          </button>
        </p>
      </form>
    </ModerationShell>,
  );
}
