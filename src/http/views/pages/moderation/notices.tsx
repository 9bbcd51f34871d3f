// The person's own moderation notices: statements of reasons (what, why, which rule, automated
// or not, how to seek redress), appeal forms, warnings to acknowledge, and restrictions in force.
import { CsrfField } from '../../discussion/forms.js';
import { type PageContext, renderPage } from '../../layout.js';
import { when } from './common.js';

export interface NoticeItem {
  id: string;
  kind: string;
  createdAt: string;
  read: boolean;
  canAppeal: boolean;
  appeal: { status: string; createdAt: string; decidedAt: string | null } | null;
  body: {
    title: string;
    decision: string;
    facts: string;
    reasonCode: string;
    rule: string;
    automatedDetection: boolean;
    automatedDecision: boolean;
    duration: string | null;
    message: string;
    redress: string;
    excerpt: string | null;
  };
}

export interface NoticesPageProps {
  notices: NoticeItem[];
  warnings: { id: string; reasonCode: string; message: string; createdAt: string }[];
  active: { id: string; kind: string; expiresAt: string | null }[];
  error?: string;
}

export function renderNoticesPage(ctx: PageContext, p: NoticesPageProps): string {
  return renderPage(
    ctx,
    { title: `Your moderation notices · ${ctx.siteName}`, path: '/notices', noindex: true },
    <div class="narrow notices">
      <h1 class="page-title">Your moderation notices</h1>
      {p.error && (
        <p class="form-error" role="alert">
          {p.error}
        </p>
      )}
      {p.warnings.map((w) => (
        <section key={w.id} class="notice-card notice-card--warning" aria-labelledby={`w-${w.id}`}>
          <h2 id={`w-${w.id}`}>A warning from the moderators</h2>
          <p>{w.message}</p>
          <form method="post" action={`/notices/restrictions/${w.id}/acknowledge`}>
            <CsrfField token={ctx.csrf} />
            <button type="submit" class="button">
              I have read this warning
            </button>
          </form>
        </section>
      ))}
      {p.active.length > 0 && (
        <p class="notice notice--error">
          In force now: {p.active.map((r) => `${r.kind}${r.expiresAt ? ` until ${r.expiresAt.slice(0, 16).replace('T', ' ')} UTC` : ''}`).join('; ')}.
        </p>
      )}
      {p.notices.length === 0 && p.warnings.length === 0 && <p>You have no notices. Thanks for keeping the conversation civil.</p>}
      {p.notices.map((n) => (
        <article key={n.id} id={`notice-${n.id}`} class={`notice-card${n.read ? '' : ' notice-card--new'}`} aria-labelledby={`n-${n.id}`}>
          <h2 id={`n-${n.id}`}>{n.body.title}</h2>
          <p class="mod-meta">{when(n.createdAt, ctx)}</p>
          <dl class="statement">
            <dt>Decision</dt>
            <dd>{n.body.decision}</dd>
            {n.body.duration && (
              <>
                <dt>Duration</dt>
                <dd>{n.body.duration}</dd>
              </>
            )}
            <dt>Facts</dt>
            <dd>{n.body.facts}</dd>
            {n.body.excerpt && (
              <>
                <dt>Your text</dt>
                <dd>
                  <blockquote>{n.body.excerpt}</blockquote>
                </dd>
              </>
            )}
            <dt>Ground</dt>
            <dd>
              <code>{n.body.reasonCode}</code> — {n.body.rule}
            </dd>
            <dt>Automated means</dt>
            <dd>
              {n.body.automatedDetection ? 'Automated checks flagged it. ' : 'No automated detection. '}
              {n.body.automatedDecision ? 'The decision was taken automatically.' : 'A person took the decision.'}
            </dd>
            {n.body.message && (
              <>
                <dt>Message from the moderator</dt>
                <dd>{n.body.message}</dd>
              </>
            )}
            <dt>Redress</dt>
            <dd>{n.body.redress}</dd>
          </dl>
          {n.appeal && (
            <p class="mod-note">
              Your appeal of {when(n.appeal.createdAt, ctx)}: {n.appeal.status === 'open' ? 'waiting for a moderator' : n.appeal.status}.
            </p>
          )}
          {n.canAppeal && (
            <details class="action">
              <summary>Appeal this decision</summary>
              <form method="post" action={`/notices/${n.id}/appeal`} class="comment-form">
                <CsrfField token={ctx.csrf} />
                <label for={`appeal-${n.id}`}>Why should the decision change?</label>
                <textarea id={`appeal-${n.id}`} name="text" rows={4} required minLength={10} maxLength={4000} />
                <p class="form-actions">
                  <button type="submit" class="button">
                    Send appeal
                  </button>
                </p>
              </form>
            </details>
          )}
        </article>
      ))}
    </div>,
  );
}
