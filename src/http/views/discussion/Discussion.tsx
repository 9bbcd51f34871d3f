// The discussion under an article (or around one comment). Rendered to HTML on the server and
// hydrated in the browser from the same props, serialized into #parley-state.
import { useContext, useEffect, useReducer, useState } from 'preact/hooks';
import type { SortOrder, ThreadNode } from '../../api-types.js';
import { articlePageUrl, articlePath, signInUrl, signUpUrl } from '../urls.js';
import { ThreadList } from './Comment.js';
import { ApiContext, DiscussionContext, type DiscussionEnv, useAction } from './context.js';
import { CommentForm } from './forms.js';
import { initialThread, reduceThread } from './tree.js';
import type { DiscussionProps } from './types.js';
import type { Translator } from '../../../i18n/translate.js';
import { I18nContext } from './i18n.js';
import type { LiveCommentData } from './live.js';

const SORTS: [SortOrder, string][] = [
  ['best', /* t */ 'Best'],
  ['newest', /* t */ 'Newest'],
  ['oldest', /* t */ 'Oldest'],
  // The editors' picks, as a tab beside the sorts
  ['featured', /* t */ 'Featured'],
];

const HEADING_ID = 'comments-heading';

function containsComment(nodes: ThreadNode[], id: string): boolean {
  return nodes.some((n) => n.comment.id === id || containsComment(n.replies, id));
}

export function Discussion(props: DiscussionProps) {
  const api = useContext(ApiContext);
  const [state, dispatch] = useReducer(reduceThread, props, initialThread);
  const [now, setNow] = useState<number | null>(null);
  const [message, setMessage] = useState('');
  const [focusId, setFocusId] = useState<string | null>(null);
  const { busy, error: listError, run } = useAction(api);
  const { article, mode, composer } = props;
  const t = useContext(I18nContext);

  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const timer = setInterval(tick, 60_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  const env: DiscussionEnv = {
    api,
    csrf: props.csrf,
    lang: props.lang,
    now,
    article,
    returnTo: props.returnTo,
    composer,
    highlight: props.highlight,
    dispatch,
    // A trailing zero-width space makes a repeated message a change the reader will announce.
    announce: (m) => setMessage((prev) => (prev === m ? `${m}\u200b` : m)),
    focus: setFocusId,
    t,
  };
  useEffect(() => {
    if (!api || mode !== 'article' || !self.EventSource) return;
    // The JSON stream (src/http/embed/live-routes.ts); `as=member`: abilities of a signed-in reader.
    const source = new EventSource(`/api/v1/articles/${article.id}/events${props.signedIn ? '?as=member' : ''}`);
    // A replay after a reconnection starts with events from before the last one received,
    // between `past` and `present`: nothing unknown from there is new.
    let past = false;
    source.addEventListener('past', () => (past = true));
    source.addEventListener('present', () => (past = false));
    source.addEventListener('comment', (e) => dispatch({ type: 'live', data: JSON.parse(e.data) as LiveCommentData, past }));
    return () => source.close();
  }, []);
  const fresh = state.fresh ?? [];
  const showFresh = () => {
    dispatch({ type: 'showFresh' });
    // Focus lands on the newest, which screen readers then read out.
    setFocusId(`comment-${fresh[fresh.length - 1]!.id}`);
  };

  const sortHref = (sort: SortOrder) => `${articlePageUrl(article.slug, { sort })}#comments`;

  const onSort = (sort: SortOrder, label: string) => (e: MouseEvent) =>
    run(e, async (api) => {
      const page = await api.listComments(article.id, sort, null);
      dispatch({ type: 'replacePage', page });
      history.replaceState(history.state, '', sortHref(sort));
      setMessage(sort === 'featured' ? t('Showing featured comments.') : t('Comments sorted by {sort}.', { sort: label.toLowerCase() }));
    });

  const onMore = (e: MouseEvent) =>
    run(e, async (api) => {
      const page = await api.listComments(article.id, state.sort, state.nextCursor);
      dispatch({ type: 'appendPage', page });
      const first = page.items[0];
      if (first) setFocusId(`comment-${first.comment.id}`);
      setMessage(t.n(page.items.length, '{n} more comment loaded.', '{n} more comments loaded.'));
    });

  // A failed plain-form reply whose parent is not on this page goes back into the main composer.
  const topComposer = composer && (!composer.parentId || !containsComment(state.nodes, composer.parentId)) ? composer : null;

  const heading =
    mode === 'article' ? t.n(state.total, '{n} comment', '{n} comments') : mode === 'permalink' ? t('Comment thread') : t('More replies');

  return (
    <DiscussionContext.Provider value={env}>
      <section id="comments" class="discussion" aria-labelledby={HEADING_ID}>
        <h2 id={HEADING_ID} class="discussion-heading" tabIndex={-1}>
          {heading}
        </h2>
        <p class="visually-hidden" role="status" aria-live="polite">
          {message}
        </p>
        {mode === 'article' ? (
          <nav class="sort" aria-label={t('Sort comments')}>
            <span class="sort-label">{t('Sort by')}</span>
            <ul>
              {SORTS.map(([sort, label]) => (
                <li key={sort}>
                  <a
                    href={sortHref(sort)}
                    aria-current={sort === state.sort ? 'true' : undefined}
                    onClick={onSort(sort, t(label))}
                  >
                    {t(label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : (
          <p class="discussion-back">
            <a href={`${articlePath(article.slug)}#comments`}>{t('All comments on “{title}”', { title: article.title })}</a>
          </p>
        )}
        {mode === 'article' && <Composer props={props} initial={topComposer} t={t} />}
        {state.pending.length > 0 && (
          <div class="pending">
            <h3 class="pending-heading">{t('Your comments awaiting review')}</h3>
            <ThreadList nodes={state.pending} />
          </div>
        )}
        {fresh.length > 0 && (
          <p class="live-new">
            <button type="button" class="button button--quiet" onClick={showFresh}>
              {t.n(fresh.length, 'Show {n} new comment', 'Show {n} new comments')}
            </button>
          </p>
        )}
        {state.nodes.length > 0 ? (
          <ThreadList nodes={state.nodes} />
        ) : (
          mode === 'article' && <p class="discussion-empty">{state.sort === 'featured' ? t('No featured comments yet.') : t('No comments yet.')}</p>
        )}
        {listError && (
          <p class="form-error" role="alert">
            {listError.message}
          </p>
        )}
        {mode === 'article' && state.nextCursor && (
          <p class="more-comments">
            <a
              class="button button--quiet"
              href={`${articlePageUrl(article.slug, { sort: state.sort, after: state.nextCursor })}#comments`}
              onClick={onMore}
            >
              {busy ? t('Loading…') : t('More comments')}
            </a>
          </p>
        )}
      </section>
    </DiscussionContext.Provider>
  );
}

function Composer({ props, initial, t }: { props: DiscussionProps; initial: DiscussionProps['composer']; t: Translator }) {
  const { article } = props;
  if (!article.commentsOpen) {
    return <p class="discussion-note">{t('Comments are closed.')}</p>;
  }
  if (!props.signedIn) {
    const back = `${props.returnTo}#comments`;
    return (
      <p class="discussion-note">
        <a href={signInUrl(back)}>{t('Sign in')}</a>
        {t(' to join the discussion. New here? ')}
        <a href={signUpUrl(back)}>{t('Create an account')}</a>
        {t('.')}
      </p>
    );
  }
  return (
    <div class="composer">
      {article.commentsMode === 'premoderated' && (
        <p class="discussion-note">{t('Comments on this article are reviewed before they appear.')}</p>
      )}
      <CommentForm mode="new" parentId={initial?.parentId ?? null} initialBody={initial?.body} initialError={initial?.error} />
    </div>
  );
}
