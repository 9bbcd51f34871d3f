// Requests from the frame: same origin as Parley, never with cookies (the frame is third-party
// on the host page); signed-in readers send their bearer token.
import { state, text } from './state.js';

export interface Problem {
  message: string;
  fields: Record<string, string>;
  status: number;
}

let token: string | null = null;
export const setToken = (value: string | null) => {
  token = value;
};
export const signedIn = () => token !== null;

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-parley-site': state.site };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'omit', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw { message: text('offline'), fields: {}, status: 0 } satisfies Problem;
  }
  const data = (await res.json().catch(() => null)) as (T & { code?: string; detail?: string; title?: string; errors?: { field: string; message: string }[] }) | null;
  if (res.ok) return data as T;
  // The token expired or was revoked (signed out everywhere): the frame goes back to signed out.
  if (res.status === 401 && token) dispatchEvent(new Event('parley:expired'));
  const fields: Record<string, string> = {};
  for (const e of data?.errors ?? []) fields[e.field] ??= e.message;
  // Known codes in the frame's language; otherwise the server's words.
  const known = data?.code ? (state.s[`error.${data.code}`] as string | undefined) : undefined;
  throw { message: known || data?.detail || data?.title || text('error'), fields, status: res.status } satisfies Problem;
}

export const lang = () => `lang=${encodeURIComponent(state.lang)}`;
