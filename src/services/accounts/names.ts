// Rules for usernames and display names, against look-alikes and impersonation.
//
// Usernames are ASCII letters, digits and underscores, unique ignoring case. Display names may
// be written in any script, but not in a mix of look-alike scripts within one word ("Аdmin"
// with a Cyrillic А), and never with invisible or direction-changing characters. Neither may
// read as a role word ("admin", "moderator", "staff", …) or look like the name of someone who
// carries a badge: both are compared by their "skeleton", a folding that maps characters that
// look alike (Cyrillic о and Latin o, 0 and o, rn and m, l and I and 1) to one form.
import type { FieldError } from '../../domain/errors.js';
import { USERNAME_PATTERN } from './usernames.js';

const CONFUSABLE: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', з: '3', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ү: 'y', ӏ: 'l',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', ϲ: 'c',
  // Latin look-alikes and symbols
  ı: 'i', ȷ: 'j', ɡ: 'g', ɑ: 'a', ɩ: 'i', ʟ: 'l', ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ħ: 'h', ł: 'l',
  '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '$': 's', '@': 'a', '|': 'l', '!': 'l',
};

/** The look-alike folding of a name: two names with one skeleton read the same at a glance. */
export function skeleton(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
  let out = '';
  for (const ch of folded) out += CONFUSABLE[ch] ?? ch;
  return out
    .replace(/[\s_.\-·'’"]+/gu, '')
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/cl/g, 'd')
    .replace(/[il]/g, 'l');
}

/** Words that name a role or the platform: no name may contain one as a word ("Site Admin", "staff_desk"). */
const ROLE_WORDS = ['admin', 'administrator', 'moderator', 'staff', 'official', 'sysop', 'parley'];
/** Names nobody may take outright (but may use inside a longer name: "mod_squad_fan" is fine). */
const RESERVED_NAMES = ['mod', 'mods', 'editor', 'editors', 'system', 'support', 'root', 'newsroom', 'deleted', 'deletedaccount', 'anonymous', 'unknown', 'null', 'undefined', 'me', 'you', 'everyone'];
const ROLE_SKELETONS = new Set(ROLE_WORDS.map(skeleton));
const RESERVED_SKELETONS = new Set([...ROLE_WORDS, ...RESERVED_NAMES].map(skeleton));

/** Skeletons of the words of a name (split at spaces, punctuation and camelCase), each also without a leading or trailing number ("admin1"). */
function words(name: string): string[] {
  return name
    .normalize('NFKC')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[\s_.\-·'’"]+/u)
    .filter(Boolean)
    .flatMap((w) => [w, w.replace(/\d+$/u, ''), w.replace(/^\d+/u, '')])
    .map(skeleton)
    .filter(Boolean);
}

export interface PrivilegedName {
  userId: string;
  username: string;
  displayName: string;
}

function impersonates(name: string, privileged: readonly PrivilegedName[], selfId: string | null): string | null {
  const sk = skeleton(name);
  if (RESERVED_SKELETONS.has(sk)) return 'This name is reserved.';
  if (words(name).some((w) => ROLE_SKELETONS.has(w))) return 'Names may not contain role words such as admin, moderator or staff.';
  for (const p of privileged) {
    if (p.userId === selfId) continue;
    if (skeleton(p.username) === sk || skeleton(p.displayName) === sk) return 'This name looks like that of a member of staff. Choose another.';
  }
  return null;
}

const USERNAME_HINT = 'Use 3 to 24 letters (a–z), digits and underscores.';

export function checkUsername(username: string, opts: { privileged: readonly PrivilegedName[]; selfId: string | null; trusted?: boolean }): FieldError | null {
  if (!USERNAME_PATTERN.test(username)) return { field: 'username', code: 'username_invalid', message: USERNAME_HINT };
  if (opts.trusted) return null;
  const problem = impersonates(username, opts.privileged, opts.selfId);
  return problem ? { field: 'username', code: 'name_impersonation', message: problem } : null;
}

/** Normalizes a display name (NFKC, single spaces, trimmed); null when nothing is left. */
export function normalizeDisplayName(raw: string): string | null {
  const clean = raw.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  return clean.length ? clean : null;
}

const SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Armenian}/u, /\p{Script=Cherokee}/u];

/** Whether one word mixes look-alike alphabets (Latin, Cyrillic, Greek, …). */
export function mixesScripts(name: string): boolean {
  return name.split(/\s+/u).some((word) => SCRIPTS.filter((re) => re.test(word)).length > 1);
}

export function checkDisplayName(displayName: string, opts: { privileged: readonly PrivilegedName[]; selfId: string | null; trusted?: boolean }): FieldError | null {
  const field = 'displayName';
  if (displayName.length < 1 || displayName.length > 60) return { field, code: 'display_name_length', message: 'Use 1 to 60 characters.' };
  // Controls, zero-width and bidirectional formatting characters, private use and unassigned.
  if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(displayName)) {
    return { field, code: 'display_name_invisible', message: 'Remove invisible or text-direction characters from the name.' };
  }
  if (!/[\p{L}\p{N}]/u.test(displayName)) return { field, code: 'display_name_invalid', message: 'Use at least one letter or digit.' };
  if (mixesScripts(displayName)) {
    return { field, code: 'display_name_mixed_scripts', message: 'A word in the name mixes look-alike alphabets (for example Latin and Cyrillic letters). Write each word in one alphabet.' };
  }
  if (opts.trusted) return null;
  const problem = impersonates(displayName, opts.privileged, opts.selfId);
  return problem ? { field, code: 'name_impersonation', message: problem } : null;
}
