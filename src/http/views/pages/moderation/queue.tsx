// A moderation queue: filters, bulk actions, and each comment with why it is here, who wrote it
// and the actions on it.
import { CsrfField } from '../../discussion/forms.js';
import { type PageContext, renderPage } from '../../layout.js';
import { ActionForms, AuthorCard, type Counts, type ItemView, ModerationShell, type ModQueue, QUEUE_LABELS, REASON_OPTIONS, Reasons, when } from './common.js';

export interface QueueFiltersView {
  articleId?: string;
  authorId?: string;
  reason?: string;
  minToxicity?: number;
  minSpam?: number;
  q?: string;
}

export interface QueuePageProps {
  queue: ModQueue;
  items: ItemView[];
  nextBefore: string | null;
  counts: Counts;
  filters: QueueFiltersView;
  articles: { id: string; title: string }[];
  /** This page's URL (with its filters), for returnTo. */
  path: string;
}

function Filters({ p }: { p: QueuePageProps }) {
  const f = p.filters;
  return (
    <form method="get" action={`/moderation/${p.queue}`} class="mod-filters" role="search">
      <label>
        Story{' '}
        <select name="articleId">
          <option value="">All stories</option>
          {p.articles.map((a) => (
            <option key={a.id} value={a.id} selected={f.articleId === a.id}>
              {a.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason{' '}
        <input name="reason" type="text" size={12} value={f.reason ?? ''} placeholder="e.g. insult_you" pattern="[a-z_]*" />
      </label>
      <label>
        Incivility ≥ <input name="minToxicity" type="number" min="0" max="1" step="0.05" value={f.minToxicity ?? ''} />
      </label>
      <label>
        Spam ≥ <input name="minSpam" type="number" min="0" max="1" step="0.05" value={f.minSpam ?? ''} />
      </label>
      <label>
        Search <input name="q" type="search" value={f.q ?? ''} />
      </label>
      {f.authorId && <input type="hidden" name="authorId" value={f.authorId} />}
      <button type="submit" class="button button--quiet">
        Filter
      </button>
    </form>
  );
}

export function renderQueuePage(ctx: PageContext, p: QueuePageProps): string {
  const label = QUEUE_LABELS.find(([q]) => q === p.queue)?.[1] ?? p.queue;
  const more = new URLSearchParams(Object.entries(p.filters).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
  if (p.nextBefore) more.set('before', p.nextBefore);
  return renderPage(
    ctx,
    { title: `${label} · Moderation · ${ctx.siteName}`, path: p.path, noindex: true },
    <ModerationShell ctx={ctx} current={p.queue} counts={p.counts}>
      <h1 class="page-title">{label}</h1>
      <Filters p={p} />
      <p class="mod-help">
        Keyboard: <kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>a</kbd> approve, <kbd>r</kbd> reject, <kbd>s</kbd> spam, <kbd>f</kbd> feature, <kbd>p</kbd> pin, <kbd>x</kbd> select,{' '}
        <kbd>o</kbd> open.
      </p>
      <form method="post" action="/moderation/bulk" id="bulk-form" class="mod-bulk">
        <CsrfField token={ctx.csrf} />
        <input type="hidden" name="returnTo" value={p.path} />
        <label for="bulk-action">With the selected comments:</label>{' '}
        <select id="bulk-action" name="action">
          <option value="approve">Approve</option>
          <option value="reject">Reject</option>
          <option value="spam">Mark spam</option>
        </select>{' '}
        <label for="bulk-reason" class="visually-hidden">
          Reason
        </label>
        <select id="bulk-reason" name="reason">
          {REASON_OPTIONS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>{' '}
        <button type="submit" class="button button--quiet">
          Apply
        </button>
      </form>
      {p.items.length === 0 ? (
        <p class="discussion-empty">Nothing here. Well done.</p>
      ) : (
        <ol class="mod-queue">
          {p.items.map((item) => (
            <li key={item.id} class="mod-item" id={`mod-${item.id}`} tabIndex={-1} data-comment={item.id}>
              <div class="mod-item-head">
                <input type="checkbox" name="ids" value={item.id} form="bulk-form" aria-label="Select this comment" class="mod-select" />
                {item.author && <AuthorCard author={item.author} />}
                <span class="mod-meta">
                  {item.status} · {when(item.createdAt, ctx)}
                  {item.article && (
                    <>
                      {' '}
                      · on <a href={`/articles/${encodeURIComponent(item.article.slug)}/comments/${item.id}`}>{item.article.title}</a>
                    </>
                  )}
                  {item.featured && ' · featured'}
                  {item.pinned && ' · pinned'}
                  {item.removalReason && ` · removed: ${item.removalReason}`}
                </span>
              </div>
              <div class="comment-body mod-body" dangerouslySetInnerHTML={{ __html: item.html }} />
              <Reasons item={item} />
              <p class="mod-links">
                <a href={`/moderation/comments/${item.id}`} data-shortcut="o">
                  In context, history and log
                </a>
              </p>
              <ActionForms ctx={ctx} item={item} returnTo={p.path} />
            </li>
          ))}
        </ol>
      )}
      {p.nextBefore && (
        <p class="more-comments">
          <a class="button button--quiet" href={`/moderation/${p.queue}?${more}`}>
            Older
          </a>
        </p>
      )}
    </ModerationShell>,
  );
}
