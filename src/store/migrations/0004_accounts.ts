// Accounts, identity and roles (issue 4): single-use emailed tokens, the mail outbox, sign-in
// throttling, per-site sign-in settings (host-site SSO) and OpenID Connect providers, SSO token
// replay protection, the audit log, and the columns profiles and account deletion need.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Profile and deletion state live on the user row: a deleted account keeps a scrubbed row so
  // the comments it leaves (anonymized or tombstoned) still point somewhere.
  await db.schema.alterTable('users').addColumn('bio', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('users').addColumn('deletion_due_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('deleted_at', 'text').execute();
  await db.schema.createIndex('users_deletion_due').on('users').column('deletion_due_at').execute();
  // How a session was opened (password, link, oidc, sso), shown in the sessions list.
  await db.schema.alterTable('sessions').addColumn('method', 'text').execute();

  // Emailed links: only a SHA-256 of the token is stored; each is used once and expires.
  await db.schema
    .createTable('account_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('email', 'text')
    .addColumn('site_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('account_tokens_user').on('account_tokens').columns(['user_id', 'purpose']).execute();

  // Mail is written here in the transaction that causes it and sent after commit by a worker.
  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text')
    .addColumn('html_body', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['status', 'next_attempt_at']).execute();

  // Sign-in backoff and mail send windows, keyed by account, device, IP or address.
  await db.schema
    .createTable('auth_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('blocked_until', 'text')
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Per-site sign-in settings (SSO mode, secret or JWKS URL, issuer, audience, role ceiling,
  // what happens to a deleted account's comments). Kept apart from sites.settings because it
  // holds a secret that must never be presented with the site.
  await db.schema
    .createTable('site_accounts')
    .addColumn('site_id', 'text', (c) => c.primaryKey().references('sites.id'))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('oidc_providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_secret', 'text')
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('oidc_providers_site_slug', ['site_id', 'slug'])
    .execute();

  // A host-site SSO token is accepted once: its jti is kept until it would have expired.
  await db.schema
    .createTable('sso_replay')
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sso_replay_pk', ['site_id', 'jti'])
    .execute();
  await db.schema.createIndex('sso_replay_expiry').on('sso_replay').column('expires_at').execute();

  // Every change an admin makes to people (roles, sessions, deletions, sign-in settings), and
  // the security events of each account.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_user_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('ip', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_site').on('audit_log').columns(['site_id', 'id']).execute();
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_user_id', 'id']).execute();
  await db.schema.createIndex('memberships_site_role').on('memberships').columns(['site_id', 'role']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('memberships_site_role').ifExists().execute();
  for (const t of ['audit_log', 'sso_replay', 'oidc_providers', 'site_accounts', 'auth_throttle', 'mail_outbox', 'account_tokens']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await db.schema.dropIndex('users_deletion_due').ifExists().execute();
  await db.schema.alterTable('sessions').dropColumn('method').execute();
  for (const c of ['deleted_at', 'deletion_due_at', 'bio']) await db.schema.alterTable('users').dropColumn(c).execute();
}
