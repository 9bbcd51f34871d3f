// Small DOM helpers for the frame.
export const $ = <T extends Element = HTMLElement>(sel: string, root: ParentNode = document) => root.querySelector<T>(sel);

/** Elements parsed from server-rendered HTML (never from user input: the server escapes it). */
export function parse(html: string): HTMLElement[] {
  const t = document.createElement('template');
  t.innerHTML = html;
  return [...t.content.children] as HTMLElement[];
}

/** The `<li>`s of a server-rendered `<ol>`. */
export const items = (html: string): HTMLElement[] => [...(parse(html)[0]?.children ?? [])] as HTMLElement[];

export const card = (id: string) => document.getElementById(`comment-${id}`);

let said = '';
/** Speaks through the discussion's polite live region (a repeat gets a zero-width space). */
export function announce(message: string): void {
  const region = $('#comments [role="status"]');
  if (!region || !message) return;
  said = said === message ? `${message}\u200b` : message;
  region.textContent = said;
}

export function focus(el: Element | null | undefined): void {
  (el as HTMLElement | null)?.focus();
}
