// What the server put in the frame (see src/http/views/pages/embed/frame.tsx).
export interface FrameState {
  site: string;
  article: string | null;
  origin: string;
  lang: string;
  sort: string;
  pos: string;
  /** Texts in the frame's language; plural ones as {one, other, …}. */
  s: Record<string, string | Record<string, string>>;
}

export const state = JSON.parse(document.getElementById('parley-embed')!.textContent!) as FrameState;

/** A text from the state; plural texts get their form for `n` and `{n}` filled in. */
export function text(key: string, n?: number): string {
  const v = state.s[key] ?? '';
  if (typeof v === 'string') return v;
  const form = v[new Intl.PluralRules(state.lang).select(n ?? 0)] ?? v.other ?? '';
  return form.replace('{n}', String(n));
}
