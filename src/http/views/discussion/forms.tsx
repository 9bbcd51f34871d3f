// The forms of a discussion. Each is a real <form method="post"> to the plain-form routes, so it
// works with JavaScript off; once hydrated, useSubmit sends it through the JSON API instead.
import { useState } from 'preact/hooks';
import type { CommentView } from '../../api-types.js';
import { commentActionUrl, commentDomId, postCommentUrl } from '../urls.js';
import { closeDisclosure, useAction, useDiscussion, useSubmit } from './context.js';
import type { ReportReason } from './types.js';
import type { Translator } from '../../../i18n/translate.js';

// Small pieces are plain functions rather than components: a thread renders hundreds of them,
// and a component instance per hidden input is measurable in server render time.

export const csrfInput = (token: string) => <input type="hidden" name="_csrf" value={token} />;

export function CsrfField({ token }: { token: string }) {
  return csrfInput(token);
}

const errorText = (id: string, error: string | undefined) =>
  error ? (
    <p id={id} class="form-error" role="alert">
      {error}
    </p>
  ) : null;

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

export interface CommentFormProps {
  mode: 'new' | 'reply' | 'edit';
  /** The comment replied to or edited. */
  target?: CommentView;
  /** For `new`: a parent kept from a failed plain-form reply whose parent is not on this page. */
  parentId?: string | null;
  initialBody?: string;
  initialError?: string;
}

/** Shown once, under the main composer; reply and edit forms stay compact. */
export const MARKDOWN_HINT = 'Markdown works: *emphasis*, **bold**, [links](https://…) and > quotes.';

// English texts marked /* t */ are translated where shown
const COPY = {
  new: { label: /* t */ 'Your comment', submit: /* t */ 'Post comment', busy: /* t */ 'Posting…' },
  reply: { label: /* t */ 'Your reply', submit: /* t */ 'Post reply', busy: /* t */ 'Posting…' },
  edit: { label: /* t */ 'Edit your comment', submit: /* t */ 'Save changes', busy: /* t */ 'Saving…' },
};

export function CommentForm({ mode, target, parentId = null, initialBody = '', initialError }: CommentFormProps) {
  const env = useDiscussion();
  const base = target ? `${mode}-${target.id}` : 'compose';
  const replyTo = mode === 'reply' ? (target?.id ?? null) : parentId;
  const { busy, error, onSubmit } = useSubmit(
    async (form, api) => {
      const field = form.elements.namedItem('body') as HTMLTextAreaElement;
      if (mode === 'edit' && target) {
        const comment = await api.updateComment(target.id, field.value);
        closeDisclosure(form);
        env.dispatch({ type: 'update', comment });
        env.focus(commentDomId(comment.id));
        env.announce(env.t('Your changes were saved.'));
        return;
      }
      const comment = await api.createComment(env.article.id, field.value, replyTo);
      field.value = '';
      closeDisclosure(form);
      env.dispatch({ type: 'insert', comment });
      env.focus(commentDomId(comment.id));
      env.announce(comment.status === 'pending' ? env.t('Your comment is awaiting review.') : mode === 'reply' ? env.t('Your reply was posted.') : env.t('Your comment was posted.'));
    },
    initialError ? { message: initialError, fields: {} } : null,
  );
  const copy = COPY[mode];
  const message = error ? (error.fields.body ?? error.message) : undefined;
  const action = mode === 'edit' && target ? commentActionUrl(target.id, 'edit') : postCommentUrl(env.article.slug);
  return (
    <form method="post" action={action} class="comment-form" onSubmit={onSubmit}>
      {csrfInput(env.csrf)}
      {mode !== 'edit' && replyTo && <input type="hidden" name="parentId" value={replyTo} />}
      {mode !== 'edit' && <input type="hidden" name="returnTo" value={env.returnTo} />}
      <label for={`${base}-body`}>{env.t(copy.label)}</label>
      <textarea
        id={`${base}-body`}
        name="body"
        rows={mode === 'new' ? 5 : 4}
        required
        defaultValue={initialBody}
        aria-invalid={message ? 'true' : undefined}
        aria-describedby={describedBy(message && `${base}-error`, mode === 'new' && `${base}-hint`)}
      />
      {mode === 'new' && (
        <p id={`${base}-hint`} class="hint">
          {env.t('Markdown works: *emphasis*, **bold**, [links](https://…) and > quotes.')}
        </p>
      )}
      {errorText(`${base}-error`, message)}
      <p class="form-actions">
        <button type="submit" class="button" aria-disabled={busy ? 'true' : undefined}>
          {env.t(busy ? copy.busy : copy.submit)}
        </button>
      </p>
    </form>
  );
}

export function DeleteForm({ comment }: { comment: CommentView }) {
  const env = useDiscussion();
  const { busy, error, onSubmit } = useSubmit(async (_form, api) => {
    const tombstone = await api.deleteComment(comment.id);
    env.dispatch(tombstone ? { type: 'update', comment: tombstone } : { type: 'remove', id: comment.id });
    env.focus(tombstone ? commentDomId(comment.id) : 'comments-heading');
    env.announce(env.t('Your comment was deleted.'));
  });
  const errorId = `delete-${comment.id}-error`;
  return (
    <form method="post" action={commentActionUrl(comment.id, 'delete')} class="confirm-form" onSubmit={onSubmit}>
      {csrfInput(env.csrf)}
      <p>{env.t('Delete this comment? This cannot be undone.')}</p>
      <button type="submit" class="button button--danger" aria-describedby={error ? errorId : undefined}>
        {busy ? env.t('Deleting…') : env.t('Yes, delete it')}
      </button>
      {errorText(errorId, error?.message)}
    </form>
  );
}

const REASONS: [ReportReason, string][] = [
  ['spam', /* t */ 'Spam or advertising'],
  ['abuse', /* t */ 'Harassment or abuse'],
  ['off_topic', /* t */ 'Off topic'],
  ['misinformation', /* t */ 'False or misleading'],
  ['illegal', /* t */ 'Breaks the law'],
  ['other', /* t */ 'Something else'],
];

export function ReportForm({ comment }: { comment: CommentView }) {
  const env = useDiscussion();
  const [sent, setSent] = useState(false);
  const base = `report-${comment.id}`;
  const { busy, error, onSubmit } = useSubmit(async (form, api) => {
    const data = new FormData(form);
    await api.report(comment.id, String(data.get('reason')) as ReportReason, String(data.get('note') ?? ''));
    setSent(true);
    env.focus(`${base}-done`);
    env.announce(env.t('Thank you. The moderators will review this comment.'));
  });
  if (sent) {
    return (
      <p id={`${base}-done`} class="form-success" tabIndex={-1}>
        {env.t('Thank you. The moderators will review this comment.')}
      </p>
    );
  }
  // The reason's own error sits by the select; anything else (the note, the request) below the note.
  const reasonError = error?.fields.reason;
  const otherError = error ? (error.fields.note ?? (reasonError ? undefined : error.message)) : undefined;
  return (
    <form method="post" action={commentActionUrl(comment.id, 'report')} class="report-form" onSubmit={onSubmit}>
      {csrfInput(env.csrf)}
      <label for={`${base}-reason`}>{env.t('What is wrong with this comment?')}</label>
      <select
        id={`${base}-reason`}
        name="reason"
        required
        aria-invalid={reasonError ? 'true' : undefined}
        aria-describedby={describedBy(reasonError && `${base}-reason-error`)}
      >
        <option value="">{env.t('Choose a reason…')}</option>
        {REASONS.map(([value, label]) => (
          <option key={value} value={value}>
            {env.t(label)}
          </option>
        ))}
      </select>
      {errorText(`${base}-reason-error`, reasonError)}
      <label for={`${base}-note`}>
        {env.t('Anything the moderators should know?')} <span class="optional">{env.t('(optional)')}</span>
      </label>
      <textarea
        id={`${base}-note`}
        name="note"
        rows={2}
        maxLength={1000}
        aria-describedby={describedBy(otherError && `${base}-error`)}
      />
      {errorText(`${base}-error`, otherError)}
      <p class="form-actions">
        <button type="submit" class="button">
          {busy ? env.t('Sending…') : env.t('Send report')}
        </button>
      </p>
    </form>
  );
}


/** Like and dislike, each a tiny form; pressing the pressed one again takes the reaction back. */
function ReactionForms({ comment }: { comment: CommentView }) {
  const env = useDiscussion();
  const { run, error } = useAction(env.api);
  const errorId = `react-${comment.id}-error`;
  return (
    <div class="reactions">
      {(['like', 'dislike'] as const).map((kind) => {
        const pressed = comment.myReaction === kind;
        const onSubmit = (e: Event) =>
          run(e, async (api) => {
            const result = await api.react(comment.id, pressed ? null : kind);
            env.dispatch({ type: 'reactions', id: comment.id, ...result });
          });
        return (
          <form key={kind} method="post" action={commentActionUrl(comment.id, 'react')} class="reaction-form" onSubmit={onSubmit}>
            {csrfInput(env.csrf)}
            <input type="hidden" name="kind" value={kind} />
            <button
              type="submit"
              class="reaction"
              aria-pressed={pressed ? 'true' : 'false'}
              aria-describedby={error ? errorId : undefined}
            >
              {kind === 'like' ? env.t('Like') : env.t('Dislike')} <span class="reaction-count">{comment.reactions[kind]}</span>
            </button>
          </form>
        );
      })}
      {errorText(errorId, error?.message)}
    </div>
  );
}

export function Reactions({ comment }: { comment: CommentView }) {
  const { t } = useDiscussion();
  const { like, dislike } = comment.reactions;
  if (comment.abilities.react) return <ReactionForms comment={comment} />;
  if (like === 0 && dislike === 0) return null;
  return <p class="reactions reactions--counts">{reactionCounts(t, like, dislike)}</p>;
}

/** "3 likes · 1 dislike", in the discussion's language (also sent by live updates). */
export function reactionCounts(t: Translator, like: number, dislike: number): string {
  return `${t.n(like, '{n} like', '{n} likes')} · ${t.n(dislike, '{n} dislike', '{n} dislikes')}`;
}
