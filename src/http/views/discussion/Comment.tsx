// One comment, its actions, and the nested lists of the thread.
import type { CommentView, ThreadNode } from '../../api-types.js';
import { formatAbsolute, formatRelative } from '../format.js';
import { commentActionUrl, commentDomId, repliesPageUrl } from '../urls.js';
import { type DiscussionEnv, useAction, useDiscussion } from './context.js';
import { CommentForm, DeleteForm, Reactions, ReportForm } from './forms.js';

/** Absolute date from the server; relative ("5 minutes ago") once the browser has a clock. */
export function relTime(iso: string, { now, lang }: DiscussionEnv) {
  const absolute = formatAbsolute(iso, lang);
  return (
    <time dateTime={iso} title={now === null ? undefined : absolute}>
      {now === null ? absolute : formatRelative(iso, now, lang)}
    </time>
  );
}

// English texts marked /* t */ are translated where shown
const BADGES = { staff: /* t */ 'Staff', moderator: /* t */ 'Moderator', admin: /* t */ 'Admin' } as const;

function actions(c: CommentView, { article, composer, t }: DiscussionEnv) {
  const a = c.abilities;
  const name = c.author?.displayName ?? t('this person');
  const replyError = composer && composer.parentId === c.id ? composer : null;
  return (
    <footer class="comment-actions">
      <Reactions comment={c} />
      {a.reply && article.commentsOpen && (
        <details class="action" open={replyError ? true : undefined}>
          <summary>
            {t('Reply')}
            <span class="visually-hidden">{t(' to {name}', { name })}</span>
          </summary>
          <CommentForm mode="reply" target={c} initialBody={replyError?.body} initialError={replyError?.error} />
        </details>
      )}
      {a.edit &&
        (c.source === null ? (
          <a class="action-link" href={commentActionUrl(c.id, 'edit')}>
            {t('Edit')}
          </a>
        ) : (
          <details class="action">
            <summary>{t('Edit')}</summary>
            <CommentForm key={c.editedAt ?? c.createdAt} mode="edit" target={c} initialBody={c.source} />
          </details>
        ))}
      {a.delete && (
        <details class="action">
          <summary>{t('Delete')}</summary>
          <DeleteForm comment={c} />
        </details>
      )}
      {a.report && (
        <details class="action">
          <summary>
            {t('Report')}
            <span class="visually-hidden">{t(' comment by {name}', { name })}</span>
          </summary>
          <ReportForm comment={c} />
        </details>
      )}
    </footer>
  );
}

export function commentCard(c: CommentView, env: DiscussionEnv) {
  const id = commentDomId(c.id);
  const cls = `comment${c.id === env.highlight ? ' comment--target' : ''}`;
  if (c.tombstone || !c.author) {
    return (
      <article id={id} class={`${cls} comment--deleted`} tabIndex={-1}>
        {/* A removed comment may carry its reason code (styles.css shows it) */}
        <p class="comment-deleted" data-removed={c.removalReason}>{env.t('[deleted]')}</p>
      </article>
    );
  }
  const badge = c.author.badge;
  return (
    <article id={id} class={cls} tabIndex={-1}>
      <header class="comment-meta">
        <span class="comment-author">{c.author.displayName}</span>{' '}
        <span class="comment-handle">@{c.author.username}</span>
        {badge && <span class={`badge badge--${badge}`}>{env.t(BADGES[badge])}</span>}{' '}
        {/* The editors' marks */}
        {(c.pinned || c.featured) && <span class={`flag flag--${c.pinned ? 'pinned' : 'featured'}`}>{c.pinned ? env.t('Pinned') : env.t('Featured')}</span>}{' '}
        <a class="comment-time" href={c.permalink}>
          {relTime(c.createdAt, env)}
        </a>
        {c.editedAt && <span class="comment-edited">{env.t(' (edited)')}</span>}
      </header>
      {c.replyingTo && (
        <p class="replying-to">
          {env.t('replying to')} <a href={`#${commentDomId(c.replyingTo.id)}`}>@{c.replyingTo.username}</a>
        </p>
      )}
      <div class="comment-body" dangerouslySetInnerHTML={{ __html: c.html }} />
      {c.status === 'pending' && <p class="comment-note">{env.t('Your comment is awaiting review.')}</p>}
      {actions(c, env)}
    </article>
  );
}

// Exported for the embed's server-rendered fragments (issue 7).
export function MoreReplies({ node }: { node: ThreadNode }) {
  const env = useDiscussion();
  const { busy, error, run } = useAction(env.api);
  const more = node.moreReplies;
  if (!more) return null;
  const parentId = node.comment.id;
  const onClick = (e: MouseEvent) =>
    run(e, async (api) => {
      const page = await api.listReplies(parentId, more.cursor);
      env.dispatch({ type: 'appendReplies', parentId, page });
      const first = page.items[0];
      if (first) env.focus(commentDomId(first.comment.id));
      env.announce(env.t.n(page.items.length, '{n} more reply loaded.', '{n} more replies loaded.'));
    });
  return (
    <p class="more-replies">
      <a href={repliesPageUrl(env.article.slug, parentId, more.cursor)} onClick={onClick}>
        {busy ? env.t('Loading…') : env.t.n(more.count, 'Show {n} more reply', 'Show {n} more replies')}
      </a>
      {error && (
        <span class="form-error" role="alert">
          {' '}
          {error.message}
        </span>
      )}
    </p>
  );
}

export function ThreadList({ nodes, nested = false }: { nodes: ThreadNode[]; nested?: boolean }) {
  const env = useDiscussion();
  return (
    <ol class={nested ? 'replies' : 'thread'}>
      {nodes.map((n) => (
        <li key={n.comment.id} class="thread-item">
          {commentCard(n.comment, env)}
          {n.replies.length > 0 && <ThreadList nodes={n.replies} nested />}
          {n.moreReplies && <MoreReplies node={n} />}
        </li>
      ))}
    </ol>
  );
}
