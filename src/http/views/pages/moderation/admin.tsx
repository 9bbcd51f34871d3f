// Appeals, the transparency report, and the moderation settings with the models' measured quality.
import { CsrfField } from '../../discussion/forms.js';
import { type PageContext, renderPage } from '../../layout.js';
import { type Counts, ModerationShell, when } from './common.js';

export interface AppealItem {
  id: string;
  status: string;
  text: string;
  createdAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  user: { id: string; username: string } | null;
  statement: { title: string; reasonCode: string; automatedDecision: boolean };
  commentId: string | null;
  decidedOriginallyByYou: boolean;
}

export function renderAppealsPage(ctx: PageContext, p: { items: AppealItem[]; status: string; counts: Counts }): string {
  const path = `/moderation/appeals${p.status === 'open' ? '' : `?status=${p.status}`}`;
  return renderPage(
    ctx,
    { title: `Appeals · Moderation · ${ctx.siteName}`, path, noindex: true },
    <ModerationShell ctx={ctx} current="appeals" counts={p.counts}>
      <h1 class="page-title">Appeals</h1>
      <p>
        {['open', 'upheld', 'reversed'].map((s) => (
          <>
            <a href={`/moderation/appeals?status=${s}`} aria-current={s === p.status ? 'page' : undefined}>
              {s}
            </a>{' '}
          </>
        ))}
      </p>
      {p.items.length === 0 && <p class="discussion-empty">No appeals here.</p>}
      <ol class="mod-queue">
        {p.items.map((a) => (
          <li key={a.id} class="mod-item" id={`appeal-${a.id}`}>
            <p>
              <strong>{a.statement.title}</strong> ({a.statement.reasonCode}
              {a.statement.automatedDecision ? ', automated' : ''}) — appealed by {a.user ? <a href={`/moderation/users/${a.user.id}`}>@{a.user.username}</a> : 'a deleted account'} on{' '}
              {when(a.createdAt, ctx)}
              {a.commentId && (
                <>
                  {' '}
                  · <a href={`/moderation/comments/${a.commentId}`}>the comment</a>
                </>
              )}
            </p>
            <blockquote class="mod-appeal-text">{a.text}</blockquote>
            {a.status !== 'open' ? (
              <p>
                {a.status} {a.decidedAt && <>on {when(a.decidedAt, ctx)}</>}
                {a.decisionNote && <> — “{a.decisionNote}”</>}
              </p>
            ) : a.decidedOriginallyByYou ? (
              <p class="mod-note">You took the original decision, so another moderator must decide this appeal.</p>
            ) : (
              <form method="post" action={`/moderation/appeals/${a.id}/decide`} class="comment-form">
                <CsrfField token={ctx.csrf} />
                <label for={`note-${a.id}`}>Note to the person</label>
                <textarea id={`note-${a.id}`} name="note" rows={2} maxLength={2000} />
                <p class="form-actions">
                  <button type="submit" name="outcome" value="reversed" class="button">
                    Reverse the decision
                  </button>{' '}
                  <button type="submit" name="outcome" value="upheld" class="button button--quiet">
                    Uphold it
                  </button>
                </p>
              </form>
            )}
          </li>
        ))}
      </ol>
    </ModerationShell>,
  );
}

export interface TransparencyView {
  from: string;
  to: string;
  totals: { decisions: number; automated: number; human: number };
  byAction: { action: string; automated: number; human: number }[];
  byReason: { reason: string; automated: number; human: number }[];
  medianHoursToHumanDecision: number | null;
  appeals: { received: number; upheld: number; reversed: number; open: number; medianHoursToDecision: number | null };
}

function SplitTable({ caption, rows }: { caption: string; rows: { key: string; automated: number; human: number }[] }) {
  return (
    <table class="mod-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption.startsWith('By reason') ? 'Reason' : 'Action'}</th>
          <th scope="col">Automated</th>
          <th scope="col">By people</th>
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.key}</th>
            <td>{r.automated}</td>
            <td>{r.human}</td>
            <td>{r.automated + r.human}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function renderTransparencyPage(ctx: PageContext, p: { report: TransparencyView; counts: Counts; query: string }): string {
  const r = p.report;
  const from = r.from.slice(0, 10);
  const to = r.to.slice(0, 10);
  return renderPage(
    ctx,
    { title: `Transparency report · ${ctx.siteName}`, path: '/moderation/transparency', noindex: true },
    <ModerationShell ctx={ctx} current="transparency" counts={p.counts}>
      <h1 class="page-title">Transparency report</h1>
      <form method="get" action="/moderation/transparency" class="mod-filters">
        <label>
          From <input type="date" name="from" value={from} />
        </label>
        <label>
          Until (not included) <input type="date" name="to" value={to} />
        </label>
        <button type="submit" class="button button--quiet">
          Show
        </button>{' '}
        <a href={`/moderation/transparency.csv?from=${from}&to=${to}`}>Download as CSV</a>
      </form>
      <p>
        {r.totals.decisions} moderation decisions: {r.totals.automated} automated, {r.totals.human} by people. Median time from posting to a person’s decision:{' '}
        {r.medianHoursToHumanDecision === null ? '—' : `${r.medianHoursToHumanDecision} hours`}.
      </p>
      <SplitTable caption="By action" rows={r.byAction.map((a) => ({ key: a.action, automated: a.automated, human: a.human }))} />
      <SplitTable caption="By reason" rows={r.byReason.map((a) => ({ key: a.reason, automated: a.automated, human: a.human }))} />
      <h2 class="mod-subhead">Appeals</h2>
      <p>
        {r.appeals.received} received · {r.appeals.reversed} reversed · {r.appeals.upheld} upheld · {r.appeals.open} open · median time to decide:{' '}
        {r.appeals.medianHoursToDecision === null ? '—' : `${r.appeals.medianHoursToDecision} hours`}
      </p>
    </ModerationShell>,
  );
}

interface MetricsView {
  n: number;
  positives: number;
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositives: number;
}
export interface ModelView {
  trainedOn: string;
  trainedAt: string;
  trainingExamples: number;
  heldOut: { atHold: MetricsView; atHalf: MetricsView };
}

function ModelCard({ title, model, note }: { title: string; model: ModelView | null; note: string }) {
  return (
    <section class="mod-model">
      <h3>{title}</h3>
      {model ? (
        <>
          <p>
            Trained on {model.trainedOn} ({model.trainingExamples} examples used for training) on {model.trainedAt.slice(0, 10)}.
          </p>
          <table class="mod-table">
            <caption>Measured on {model.heldOut.atHold.n} held-out examples ({model.heldOut.atHold.positives} positive)</caption>
            <thead>
              <tr>
                <th scope="col">Threshold</th>
                <th scope="col">Precision</th>
                <th scope="col">Recall</th>
                <th scope="col">F1</th>
                <th scope="col">False positives</th>
              </tr>
            </thead>
            <tbody>
              {[model.heldOut.atHold, model.heldOut.atHalf].map((m) => (
                <tr key={m.threshold}>
                  <th scope="row">{m.threshold}</th>
                  <td>{m.precision}</td>
                  <td>{m.recall}</td>
                  <td>{m.f1}</td>
                  <td>{m.falsePositives}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p>Not trained yet.</p>
      )}
      <p class="hint">{note}</p>
    </section>
  );
}

export interface SettingsPageProps {
  settings: Record<string, unknown> & { bannedWords: string[]; suspectWords: string[]; allowedWords: string[]; externalScorers: { kind: string; url: string }[] };
  models: { spam: ModelView | null; spamSource: string; toxicity: ModelView | null };
  canEdit: boolean;
  counts: Counts;
  error?: string;
  notice?: string;
}

const NUMBERS: [string, string, string][] = [
  ['maxLinks', 'Hold comments with more links than', '1'],
  ['newAccountHours', 'Hold comments of accounts younger than (hours, 0: off)', '1'],
  ['newAccountApprovedComments', 'Hold until the author has this many approved comments (0: off)', '1'],
  ['reportThreshold', 'Reports that hold a comment for review (0: never)', '1'],
  ['floodPerMinute', 'Comments per minute from one person before holding (0: off)', '1'],
  ['duplicateWindowMinutes', 'Hold the same text again within (minutes, 0: off)', '1'],
  ['toxicityHoldAt', 'Incivility score that holds a comment (0–1)', '0.05'],
  ['spamHoldAt', 'Spam score that holds a comment (0–1)', '0.05'],
  ['autoCloseDays', 'Close discussions this many days after publication (0: never)', '1'],
];
const FLAGS: [string, string][] = [
  ['premoderateLinks', 'Review every comment with a link before it appears'],
  ['warnBeforeHold', 'Tell authors before posting when their comment would be held ("edit or post anyway")'],
  ['showRemovalReason', 'Show the reason code on the public tombstone of a removed comment that has replies'],
  ['spamSeed', 'Start the site’s spam model from the SpamAssassin seed'],
  ['learnedModels', 'Use the site’s learned models once trained'],
];

export function renderSettingsPage(ctx: PageContext, p: SettingsPageProps): string {
  const s = p.settings;
  const disabled = !p.canEdit;
  return renderPage(
    ctx,
    { title: `Moderation settings · ${ctx.siteName}`, path: '/moderation/settings', noindex: true },
    <ModerationShell ctx={ctx} current="settings" counts={p.counts}>
      <h1 class="page-title">Moderation settings</h1>
      {p.notice && (
        <p class="notice notice--info" role="status">
          {p.notice}
        </p>
      )}
      {p.error && (
        <p class="form-error" role="alert">
          {p.error}
        </p>
      )}
      {!p.canEdit && <p class="mod-note">Only admins of the site can change these.</p>}
      <form method="post" action="/moderation/settings" class="comment-form mod-settings">
        <CsrfField token={ctx.csrf} />
        <fieldset disabled={disabled}>
          <legend>Word lists (one per line; word* for prefixes; phrases allowed; leetspeak, spacing and look-alike letters are seen through)</legend>
          <label for="s-banned">Banned: reject the comment</label>
          <textarea id="s-banned" name="bannedWords" rows={4} defaultValue={s.bannedWords.join('\n')} />
          <label for="s-suspect">Suspect: hold for review</label>
          <textarea id="s-suspect" name="suspectWords" rows={4} defaultValue={s.suspectWords.join('\n')} />
          <label for="s-allowed">Never match (place names, technical terms; Scunthorpe, Penistone, cockpit… are built in)</label>
          <textarea id="s-allowed" name="allowedWords" rows={3} defaultValue={s.allowedWords.join('\n')} />
        </fieldset>
        <fieldset disabled={disabled}>
          <legend>Thresholds and limits</legend>
          {NUMBERS.map(([key, label, step]) => (
            <label key={key}>
              {label} <input type="number" name={key} min="0" step={step} value={String(s[key])} />
            </label>
          ))}
          {FLAGS.map(([key, label]) => (
            <label key={key}>
              <input type="hidden" name={key} value="0" />
              <input type="checkbox" name={key} value="1" checked={Boolean(s[key])} /> {label}
            </label>
          ))}
        </fieldset>
        {!disabled && (
          <p class="form-actions">
            <button type="submit" class="button">
              Save settings
            </button>
          </p>
        )}
      </form>
      <p class="hint">
        External scorers (Perspective, Akismet, an OpenAI-compatible moderation endpoint) are off: no comment text leaves this server.{' '}
        {s.externalScorers.length ? `Configured: ${s.externalScorers.map((e) => `${e.kind} at ${e.url}`).join(', ')}.` : 'Add them through the API (updateModerationSettings).'}
      </p>
      <h2 class="mod-subhead">Learned models</h2>
      <ModelCard
        title={p.models.spamSource === 'site' ? 'Spam (this site)' : 'Spam (the SpamAssassin seed, emails)'}
        model={p.models.spam}
        note={
          p.models.spamSource === 'site'
            ? 'Holds comments at the spam threshold.'
            : 'Measured on emails. It reads short comments poorly, so it never holds a comment on its own: train the site’s model once moderators have marked some spam.'
        }
      />
      <ModelCard title="Incivility (this site)" model={p.models.toxicity} note="Learns from removals for abuse, hate and threats against approvals." />
      {!disabled && (
        <div class="mod-actions">
          {(['spam', 'toxicity'] as const).map((kind) => (
            <form method="post" action={`/moderation/models/${kind}/train`} class="mod-action" key={kind}>
              <CsrfField token={ctx.csrf} />
              <button type="submit" class="button button--quiet">
                Train the {kind === 'spam' ? 'spam' : 'incivility'} model now
              </button>
            </form>
          ))}
        </div>
      )}
    </ModerationShell>,
  );
}
