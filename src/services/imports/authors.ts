// Authors of imported comments → Parley users.
//
// Within one import, authors were already de-duplicated by email or username while staging.
// Here each becomes a user:
//   - one an earlier import of this source made (by the same email/username/name key);
//   - the account that owns that email, when its owner has verified it (or when it is an
//     unclaimed profile from another import);
//   - otherwise a new *unclaimed profile*: a users row with status 'unclaimed', no identity (no
//     way to sign in), and an import_profiles row with the email. The email also goes on the
//     user when no other account has it, so verifying that address (sign-up, password reset) is
//     how its owner claims the profile; see docs/import-export.md.
// A Parley export restores its users as they were (ids kept; never as operators).
import { normalizeEmail, USERNAME_PATTERN, usernameKey } from '../accounts/usernames.js';
import { columnsOf, onlyColumns, type ApplyContext } from './context.js';
import type { StagedAuthor } from './scratch.js';

const BATCH = 500;
const BATCHES_PER_TRANSACTION = 10;

/** The key that identifies this author across runs of the same source. */
export function authorIdentity(a: StagedAuthor): string {
  if (a.row && typeof a.row.id === 'string') return `id:${a.row.id}`;
  if (a.email) return `email:${a.email}`;
  if (a.username) return `user:${a.username.toLowerCase()}`;
  if (a.key) return `key:${a.key}`;
  return `name:${a.name ?? 'Anonymous'}`;
}

/** A username of Parley's shape (ASCII letters, digits, underscore) from what the source had. */
export function baseUsername(a: { username: string | null; name: string | null; email: string | null }): string {
  for (const candidate of [a.username, a.name, a.email?.split('@')[0]]) {
    if (!candidate) continue;
    const ascii = candidate
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9_]+/g, '_')
      .replace(/_+/g, '_')
      .replace(/^_|_$/g, '')
      .slice(0, 20);
    if (ascii.length >= 3) return ascii;
  }
  return 'reader';
}

/** Picks free usernames for `bases`, avoiding taken keys and each other. */
async function uniqueUsernames(ctx: ApplyContext, bases: readonly string[]): Promise<string[]> {
  const candidates = new Set<string>();
  for (const b of bases) {
    candidates.add(usernameKey(b));
    for (let i = 2; i <= 9; i++) candidates.add(usernameKey(`${b}_${i}`));
  }
  const taken = await ctx.store.imports.takenUsernameKeys({ keys: [...candidates] });
  const out: string[] = [];
  for (const b of bases) {
    let chosen: string | null = null;
    for (let i = 1; i <= 9 && !chosen; i++) {
      const name = i === 1 ? b : `${b}_${i}`;
      if (!taken.has(usernameKey(name))) chosen = name;
    }
    while (!chosen) {
      const name = `${b.slice(0, 16)}_${Math.random().toString(36).slice(2, 8)}`;
      const key = usernameKey(name);
      if (!taken.has(key) && (await ctx.store.imports.takenUsernameKeys({ keys: [key] })).size === 0) chosen = name;
    }
    taken.add(usernameKey(chosen));
    out.push(chosen);
  }
  return out;
}

/** Resolves every staged author that has comments to apply (all of them for a Parley export). */
export async function applyAuthors(ctx: ApplyContext, opts: { all: boolean; onProgress?: (done: number) => void }): Promise<void> {
  let batches: StagedAuthor[][] = [];
  let batch: StagedAuthor[] = [];
  let done = 0;
  // Several batches share a transaction: a commit per batch of 500 cost about 12 ms on SQLite
  // (its write-ahead log is checkpointed every few), 1.1 s for 44,000 authors. Nothing is lost
  // by it: a run that stops applies its authors again, and finds those already applied by key.
  const flush = async () => {
    const current = batches;
    batches = [];
    if (current.length === 0) return;
    const apply = async (c: ApplyContext) => {
      for (const b of current) {
        await applyAuthorBatch(c, b);
        done += b.length;
        opts.onProgress?.(done);
      }
    };
    if (ctx.dryRun) await apply(ctx);
    else await ctx.store.transaction((tx) => apply({ ...ctx, store: tx }));
  };
  for (const a of ctx.scratch.authorsToApply(opts.all)) {
    batch.push(a);
    if (batch.length >= BATCH) {
      batches.push(batch);
      batch = [];
      if (batches.length >= BATCHES_PER_TRANSACTION) await flush();
    }
  }
  if (batch.length) batches.push(batch);
  await flush();
  opts.onProgress?.(done);
}

async function applyAuthorBatch(ctx: ApplyContext, staged: StagedAuthor[]): Promise<void> {
  const { store, site, source, report } = ctx;
  report.authors.total += staged.length;
  const identities = staged.map(authorIdentity);
  const keys = await store.imports.getKeys({ siteId: site.id, source, kind: 'author', sourceIds: identities });
  // Keys whose user has since been deleted for good do not count.
  const keyedUsers = new Set((await store.imports.findUsersById({ ids: [...keys.values()].map((k) => k.targetId) })).map((u) => u.id));
  const todo: { a: StagedAuthor; identity: string }[] = [];
  staged.forEach((a, i) => {
    const k = keys.get(identities[i]!);
    if (k && keyedUsers.has(k.targetId)) {
      ctx.authors.set(a.ref, k.targetId);
      report.authors.alreadyPresent++;
    } else todo.push({ a, identity: identities[i]! });
  });
  if (todo.length === 0) return;

  const emailOf = (a: StagedAuthor): string | null => {
    const e = a.row ? (typeof a.row.email === 'string' ? a.row.email : null) : a.email;
    return e ? normalizeEmail(e) : null;
  };
  const emails = todo.map((t) => emailOf(t.a)).filter((e): e is string => e !== null);
  const byEmail = new Map((await store.imports.findUsersByEmail({ emails })).map((u) => [u.email!, u]));
  const profiles = new Map<string, string>();
  for (const p of await store.imports.findProfilesByEmail({ emails })) if (!profiles.has(p.email)) profiles.set(p.email, p.userId);
  const byId = new Map((await store.imports.findUsersById({ ids: todo.map((t) => t.a.row?.id).filter((x): x is string => typeof x === 'string') })).map((u) => [u.id, u]));

  const created: { t: (typeof todo)[number]; email: string | null; emailOnUser: boolean }[] = [];
  const newKeys: { sourceId: string; targetId: string }[] = [];
  for (const t of todo) {
    const email = emailOf(t.a);
    const sameId = typeof t.a.row?.id === 'string' ? byId.get(t.a.row.id) : undefined;
    const owner = email ? byEmail.get(email) : undefined;
    let userId: string | undefined;
    if (sameId) {
      userId = sameId.id;
      report.authors.existingAccounts++;
    } else if (owner && (owner.status === 'unclaimed' || owner.emailVerified || t.a.row)) {
      userId = owner.id;
      if (owner.status === 'unclaimed') report.authors.existingProfiles++;
      else report.authors.existingAccounts++;
    } else if (email && profiles.has(email)) {
      userId = profiles.get(email)!;
      report.authors.existingProfiles++;
    }
    if (userId) {
      ctx.authors.set(t.a.ref, userId);
      newKeys.push({ sourceId: t.identity, targetId: userId });
    } else {
      created.push({ t, email, emailOnUser: email !== null && !owner && !created.some((c) => c.emailOnUser && c.email === email) });
    }
  }

  const names = await uniqueUsernames(
    ctx,
    created.map(({ t }) => {
      const wanted = typeof t.a.row?.username === 'string' ? t.a.row.username : null;
      return wanted && USERNAME_PATTERN.test(wanted) ? wanted : baseUsername(t.a);
    }),
  );
  const createdAt = ctx.now.toISOString();
  const userCols = await columnsOf(ctx, 'users');
  const users: Record<string, unknown>[] = [];
  const profileRows: { userId: string; siteId: string; source: string; email: string | null; createdAt: string }[] = [];
  created.forEach(({ t, email, emailOnUser }, i) => {
    const a = t.a;
    const username = names[i]!;
    let row: Record<string, unknown>;
    if (a.row) {
      // A Parley user, restored as exported: same id (when free), never an operator.
      const id = typeof a.row.id === 'string' && !byId.has(a.row.id) ? a.row.id : ctx.newId(ctx.now.getTime());
      row = onlyColumns({ ...a.row, id, email: emailOnUser ? email : null, username, username_key: usernameKey(username), is_operator: 0 }, userCols);
    } else {
      row = {
        id: ctx.newId(ctx.now.getTime()),
        email: emailOnUser ? email : null,
        email_verified: 0,
        username,
        username_key: usernameKey(username),
        display_name: (a.name ?? a.username ?? username).slice(0, 100),
        is_operator: 0,
        status: 'unclaimed',
        created_at: createdAt,
      };
      profileRows.push({ userId: String(row.id), siteId: site.id, source, email, createdAt });
    }
    users.push(row);
    ctx.authors.set(a.ref, String(row.id));
    newKeys.push({ sourceId: t.identity, targetId: String(row.id) });
    if (a.row) report.authors.restored++;
    else report.authors.newProfiles++;
  });
  if (ctx.dryRun) return;
  await store.transaction(async (tx) => {
    await tx.imports.insertUsers(users);
    await tx.imports.insertProfiles(profileRows);
    await tx.imports.insertKeys(newKeys.map((k) => ({ siteId: site.id, source, kind: 'author', sourceId: k.sourceId, targetId: k.targetId, importId: ctx.importId, createdAt })));
  });
}
