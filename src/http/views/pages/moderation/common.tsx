// Pieces every moderation page shares: the queue tabs with their counts, a comment's reasons
// and scores, the author's record, and the action forms. Plain forms first (they work without
// JavaScript); src/client/moderation.ts adds keyboard shortcuts and live counts.
import type { ComponentChildren } from 'preact';
import { CsrfField } from '../../discussion/forms.js';
import { formatAbsolute } from '../../format.js';
import type { PageContext } from '../../layout.js';

export type ModQueue = 'pending' | 'reported' | 'unmoderated' | 'rejected' | 'all';
export type Counts = Record<ModQueue | 'appeals', number>;

export const QUEUE_LABELS: [ModQueue, string][] = [
  ['pending', 'Pending'],
  ['reported', 'Reported'],
  ['unmoderated', 'Unmoderated'],
  ['rejected', 'Rejected'],
  ['all', 'All'],
];

export const REASON_OPTIONS: [string, string][] = [
  ['abuse', 'Abuse or harassment'],
  ['hate', 'Hate speech'],
  ['threat', 'Threat of violence'],
  ['spam', 'Spam'],
  ['off_topic', 'Off topic'],
  ['misinformation', 'Misinformation'],
  ['privacy', 'Personal data'],
  ['impersonation', 'Impersonation'],
  ['illegal', 'Illegal content'],
  ['other', 'Other'],
];

export interface ItemView {
  id: string;
  status: string;
  html: string;
  createdAt: string;
  article: { id: string; slug: string; title: string } | null;
  author: {
    id: string;
    username: string;
    displayName: string;
    role: string | null;
    accountAgeDays: number;
    comments: number;
    rejectionRate: number;
    reportsReceived: number;
    restrictions: { kind: string; expiresAt: string | null }[];
  } | null;
  reasons: { code: string; label: string }[];
  scores: Record<string, number>;
  matchedWords: string[];
  openReports: number;
  reviewedAt: string | null;
  featured: boolean;
  pinned: boolean;
  removalReason: string | null;
}

export function ModerationShell({ ctx, current, counts, children }: { ctx: PageContext; current: string; counts: Counts | null; children: ComponentChildren }) {
  const tab = (href: string, key: string, label: string, count?: number) => (
    <li>
      <a href={href} aria-current={current === key ? 'page' : undefined}>
        {label}
        {count !== undefined && (
          <span class="mod-count" data-count={key}>
            {count}
          </span>
        )}
      </a>
    </li>
  );
  return (
    <div id="parley-moderation" class="moderation">
      <nav class="mod-tabs" aria-label="Moderation">
        <ul>
          {QUEUE_LABELS.map(([q, label]) => tab(`/moderation/${q}`, q, label, counts?.[q]))}
          {tab('/moderation/appeals', 'appeals', 'Appeals', counts?.appeals)}
          {tab('/moderation/transparency', 'transparency', 'Transparency')}
          {tab('/moderation/settings', 'settings', 'Settings')}
        </ul>
      </nav>
      <p class="visually-hidden" role="status" aria-live="polite" id="mod-live" />
      {children}
      <script type="module" src="/moderation/enhance.js" nonce={ctx.nonce} />
    </div>
  );
}

export function Reasons({ item }: { item: Pick<ItemView, 'reasons' | 'scores' | 'matchedWords' | 'openReports'> }) {
  const scores = Object.entries(item.scores).filter(([, v]) => v > 0);
  if (!item.reasons.length && !scores.length && !item.matchedWords.length && !item.openReports) return null;
  return (
    <div class="mod-reasons">
      {item.reasons.length > 0 && (
        <ul class="mod-chips" aria-label="Why it is here">
          {item.reasons.map((r) => (
            <li key={r.code} class={`mod-chip mod-chip--${r.code}`}>
              {r.label}
            </li>
          ))}
        </ul>
      )}
      {item.openReports > 0 && <p class="mod-reports">{item.openReports === 1 ? '1 open report' : `${item.openReports} open reports`}</p>}
      {item.matchedWords.length > 0 && <p class="mod-words">Words from the site’s lists: {item.matchedWords.join(', ')}</p>}
      {scores.length > 0 && (
        <dl class="mod-scores">
          {scores.map(([k, v]) => (
            <div key={k}>
              <dt>{k.replace(/_/g, ' ')}</dt>
              <dd>{k === 'links' ? v : v.toFixed(2)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

export function AuthorCard({ author }: { author: NonNullable<ItemView['author']> }) {
  return (
    <div class="mod-author">
      <a href={`/moderation/users/${author.id}`} class="mod-author-name">
        {author.displayName} <span class="comment-handle">@{author.username}</span>
      </a>
      {author.role && author.role !== 'commenter' && <span class={`badge badge--${author.role}`}>{author.role}</span>}
      <span class="mod-author-stats">
        {author.comments} comments · {Math.round(author.rejectionRate * 100)}% removed · {author.reportsReceived} reports · account {author.accountAgeDays} days old
        {author.restrictions.map((r) => ` · ${r.kind}${r.expiresAt ? ' (until ' + r.expiresAt.slice(0, 10) + ')' : ''}`).join('')}
      </span>
    </div>
  );
}

export function ActionForms({ ctx, item, returnTo }: { ctx: PageContext; item: Pick<ItemView, 'id' | 'status' | 'featured' | 'pinned'>; returnTo: string }) {
  const action = `/moderation/comments/${item.id}/action`;
  const button = (value: string, label: string, key: string, cls = 'button button--quiet') => (
    <form method="post" action={action} class="mod-action">
      <CsrfField token={ctx.csrf} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <input type="hidden" name="action" value={value} />
      <button type="submit" class={cls} data-shortcut={key} aria-keyshortcuts={key}>
        {label}
      </button>
    </form>
  );
  const approved = item.status === 'approved';
  return (
    <div class="mod-actions">
      {button('approve', approved ? 'Mark reviewed' : 'Approve', 'a', 'button')}
      <form method="post" action={action} class="mod-action mod-reject">
        <CsrfField token={ctx.csrf} />
        <input type="hidden" name="returnTo" value={returnTo} />
        <input type="hidden" name="action" value="reject" />
        <label class="visually-hidden" for={`reason-${item.id}`}>
          Reason for removing
        </label>
        <select id={`reason-${item.id}`} name="reason" required>
          {REASON_OPTIONS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <label class="visually-hidden" for={`message-${item.id}`}>
          Message to the author (optional)
        </label>
        <input id={`message-${item.id}`} name="message" type="text" maxLength={2000} placeholder="Message to the author (optional)" />
        <button type="submit" class="button button--danger" data-shortcut="r" aria-keyshortcuts="r">
          Reject
        </button>
      </form>
      {button('spam', 'Spam', 's')}
      {approved && button(item.featured ? 'unfeature' : 'feature', item.featured ? 'Unfeature' : 'Feature', 'f')}
      {approved && button(item.pinned ? 'unpin' : 'pin', item.pinned ? 'Unpin' : 'Pin', 'p')}
    </div>
  );
}

export const when = (iso: string, ctx: PageContext) => <time dateTime={iso}>{formatAbsolute(iso, ctx.lang ?? 'en')}</time>;
