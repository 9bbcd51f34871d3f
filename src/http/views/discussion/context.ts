// Contexts of the Discussion tree. `ApiContext` is filled only by the browser entry: on the
// server (and before hydration) it is null and every form falls back to a plain POST.
import { createContext } from 'preact';
import { useContext, useState } from 'preact/hooks';
import type { Translator } from '../../../i18n/translate.js';
import type { ThreadAction } from './tree.js';
import type { ActionError, ComposerState, DiscussionApi, DiscussionArticle } from './types.js';

export const ApiContext = createContext<DiscussionApi | null>(null);

export interface DiscussionEnv {
  api: DiscussionApi | null;
  csrf: string;
  lang: string;
  /** Clock for relative times; null until the browser has hydrated. */
  now: number | null;
  article: DiscussionArticle;
  returnTo: string;
  composer: ComposerState | null;
  highlight: string | null;
  dispatch: (action: ThreadAction) => void;
  /** Says something through the polite live region. */
  announce: (message: string) => void;
  /** Moves focus to the element with this id after the next render. */
  focus: (elementId: string) => void;
  /** Messages in the discussion's language (English unless props.messages says otherwise). */
  t: Translator;
}

export const DiscussionContext = createContext<DiscussionEnv | null>(null);

export function useDiscussion(): DiscussionEnv {
  const env = useContext(DiscussionContext);
  if (!env) throw new Error('Discussion components must be rendered inside <Discussion>');
  return env;
}

export function toActionError(err: unknown): ActionError {
  if (err && typeof err === 'object' && 'message' in err) {
    const e = err as Partial<ActionError>;
    return { message: String(e.message), fields: e.fields ?? {} };
  }
  return { message: 'Something went wrong. Please try again.', fields: {} };
}

/** True for clicks the browser should handle itself (new tab, download…). */
export function isModifiedClick(e: MouseEvent): boolean {
  return e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey;
}

/**
 * Runs `work` against the API in place of what the browser would do (follow a link, post a
 * form). Without an API (server render, JS off), or for a modified click, it does nothing and
 * the browser goes ahead as usual.
 */
export function useAction(api: DiscussionApi | null, initialError: ActionError | null = null) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ActionError | null>(initialError);
  const run = (e: Event, work: (api: DiscussionApi) => Promise<void>) => {
    if (!api || (e instanceof MouseEvent && isModifiedClick(e))) return;
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    work(api)
      .catch((err: unknown) => setError(toActionError(err)))
      .finally(() => setBusy(false));
  };
  return { busy, error, run };
}

/** useAction for a form: `work` gets the submitted form. */
export function useSubmit(
  work: (form: HTMLFormElement, api: DiscussionApi) => Promise<void>,
  initialError: ActionError | null = null,
) {
  const { busy, error, run } = useAction(useDiscussion().api, initialError);
  const onSubmit = (e: Event) => run(e, (api) => work(e.currentTarget as HTMLFormElement, api));
  return { busy, error, onSubmit };
}

/** Closes the <details> disclosure holding a form, after the form did its job. */
export function closeDisclosure(form: HTMLFormElement): void {
  const details = form.closest('details');
  if (details) details.open = false;
}
