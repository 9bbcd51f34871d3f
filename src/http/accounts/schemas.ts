// Zod schemas of the account, profile and admin endpoints: requests are validated with them and
// the OpenAPI document is generated from them.
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../../services/accounts/passwordPolicy.js';
import { SessionMode, Username } from '../schemas.js';

const Iso = z.string().meta({ format: 'date-time' });
const Email = z.email('Enter a valid email address').max(254);
const LinkToken = z.string().min(1).max(200).meta({ description: 'The token from the emailed link' });
const NewPassword = z.string().min(1, 'Enter a password').max(MAX_PASSWORD_LENGTH).meta({ description: 'At least 10 characters, not on the common-password list' });
const CurrentPassword = z.string().max(MAX_PASSWORD_LENGTH).optional().meta({ description: 'Required when the account has a password' });
const RoleName = z.enum(['commenter', 'staff', 'moderator', 'admin']);
const Cursor = z.string().max(200);

// --- Inputs ---------------------------------------------------------------------------------

export const EmailInput = z.object({ email: Email });
export const SignInLinkInput = z.object({ email: Email, returnTo: z.string().max(1000).optional() });
export const CompleteResetInput = z.object({ token: LinkToken, password: NewPassword });
export const TokenInput = z.object({ token: LinkToken });
export const TokenSessionInput = z.object({ token: LinkToken, session: SessionMode });
export const SsoInput = z.object({ token: z.string().min(1).max(8192).meta({ description: 'The JWT the host site signed' }), session: SessionMode });
export const ClaimInput = z.object({ token: LinkToken, password: NewPassword, username: Username.optional(), session: SessionMode });
export const UpdateMeInput = z.object({
  displayName: z.string().max(200).optional(),
  username: z.string().max(100).optional(),
  bio: z.string().max(2000).optional(),
});
export const ChangeEmailInput = z.object({ email: Email, currentPassword: CurrentPassword });
export const ChangePasswordInput = z.object({ currentPassword: CurrentPassword, newPassword: NewPassword });
export const RevokeSessionsInput = z.object({ keepCurrent: z.boolean().default(true).meta({ description: 'Keep the session making this request' }) });
export const DeletionInput = z.object({ currentPassword: CurrentPassword });
export const SessionParams = z.object({ sessionId: z.string().regex(/^[0-9a-f]{64}$/, 'Not a session id') });
export const IdentityParams = z.object({ identityId: z.string().min(1).max(64).regex(/^[0-9A-Za-z_-]+$/, 'Not a valid id') });
export const UsernameParams = z.object({ username: z.string().min(1).max(100) });
export const UserIdParams = z.object({ userId: z.string().min(1).max(64).regex(/^[0-9A-Za-z_-]+$/, 'Not a valid id') });
export const ProviderParams = z.object({ providerId: z.string().min(1).max(64).regex(/^[0-9A-Za-z_-]+$/, 'Not a valid id') });
export const PageQuery = z.object({ cursor: Cursor.optional(), limit: z.coerce.number().int().min(1).max(100).optional() });
export const ListUsersQuery = z.object({
  q: z.string().max(100).optional(),
  role: z.enum(['commenter', 'staff', 'moderator', 'admin', 'none']).optional(),
  status: z.enum(['active', 'pending_deletion', 'deleted', 'unverified']).optional(),
  scope: z.enum(['site', 'all']).default('site').meta({ description: '"all" lists every account on the platform (operators only)' }),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export const AuditQuery = z.object({ userId: z.string().max(64).optional(), cursor: Cursor.optional(), limit: z.coerce.number().int().min(1).max(200).optional() });
export const SetRoleInput = z.object({ role: RoleName.nullable().meta({ description: 'null removes the membership' }) });
export const SetOperatorInput = z.object({ isOperator: z.boolean() });
export const SsoSettingsInput = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('hs256'), secret: z.string().min(32).max(500), issuer: z.string().min(1).max(300), audience: z.string().min(1).max(300), roleCeiling: RoleName.default('staff') }),
  z.object({ mode: z.literal('jwks'), jwksUrl: z.url().max(1000), issuer: z.string().min(1).max(300), audience: z.string().min(1).max(300), roleCeiling: RoleName.default('staff') }),
]);
export const SignInSettingsPatch = z.object({
  sso: SsoSettingsInput.nullable().optional(),
  deletedAccountComments: z.enum(['anonymize', 'remove']).optional(),
  signInLinks: z.boolean().optional(),
});
export const AddProviderInput = z.object({
  slug: z.string().max(40),
  name: z.string().max(100),
  issuer: z.string().max(500),
  clientId: z.string().max(300),
  clientSecret: z.string().max(500).nullable().optional(),
  scopes: z.array(z.string().max(100)).max(20).optional(),
});

// --- Outputs --------------------------------------------------------------------------------

export const Accepted = z.object({ ok: z.literal(true), message: z.string() });

export const Identity = z.object({ id: z.string(), provider: z.string(), providerName: z.string(), linkedAt: Iso });

export const Account = z.object({
  id: z.string(),
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  username: z.string(),
  displayName: z.string(),
  bio: z.string(),
  avatarUrl: z.string(),
  profileUrl: z.string(),
  hasPassword: z.boolean(),
  identities: z.array(Identity),
  deletionDueAt: Iso.nullable(),
  createdAt: Iso,
});

export const Session = z.object({
  id: z.string(),
  kind: z.enum(['cookie', 'bearer']),
  method: z.string().nullable(),
  createdAt: Iso,
  lastSeenAt: Iso,
  expiresAt: Iso,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export const SessionList = z.object({ items: z.array(Session) });
export const RevokedCount = z.object({ ok: z.literal(true), ended: z.number().int() });
export const DeletionScheduled = z.object({ ok: z.literal(true), dueAt: Iso });

export const Profile = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  bio: z.string(),
  avatarUrl: z.string(),
  badge: z.enum(['staff', 'moderator', 'admin']).nullable(),
  joinedAt: Iso,
});

export const ProfileComment = z.object({
  id: z.string(),
  html: z.string(),
  createdAt: Iso,
  editedAt: Iso.nullable(),
  permalink: z.string(),
  article: z.object({ id: z.string(), slug: z.string(), title: z.string(), url: z.string() }),
  reactions: z.object({ like: z.number().int(), dislike: z.number().int() }),
});
export const ProfileComments = z.object({ items: z.array(ProfileComment), nextCursor: z.string().nullable() });

export const Providers = z.object({
  providers: z.array(z.object({ slug: z.string(), name: z.string(), signInUrl: z.string() })),
  signInLinks: z.boolean(),
  sso: z.boolean(),
});

export const AdminUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  role: RoleName.nullable(),
  isOperator: z.boolean(),
  status: z.enum(['active', 'pending_deletion', 'deleted']),
  createdAt: Iso,
  abilities: z.object({ viewPrivate: z.boolean(), edit: z.boolean(), revokeSessions: z.boolean(), changeRole: z.boolean(), setOperator: z.boolean() }),
});
export const AdminUserList = z.object({ items: z.array(AdminUser), nextCursor: z.string().nullable() });
export const AdminUserDetail = z.object({
  user: AdminUser,
  identities: z.array(Identity),
  roles: z.array(z.object({ site: z.string(), role: RoleName })),
  sessions: z.array(Session),
  audit: z.array(z.lazy(() => AuditEntry)),
});
export const AuditEntry = z.object({
  id: z.string(),
  action: z.string(),
  site: z.string().nullable(),
  actor: z.object({ id: z.string(), username: z.string() }).nullable(),
  target: z.object({ id: z.string(), username: z.string() }).nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  createdAt: Iso,
});
export const AuditList = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() });

export const SignInSettings = z.object({
  sso: z
    .object({
      mode: z.enum(['hs256', 'jwks']),
      jwksUrl: z.string().optional(),
      issuer: z.string(),
      audience: z.string(),
      roleCeiling: RoleName,
      secretSet: z.boolean(),
    })
    .nullable(),
  deletedAccountComments: z.enum(['anonymize', 'remove']),
  signInLinks: z.boolean(),
});

export const OidcProvider = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  clientSecretSet: z.boolean(),
  scopes: z.array(z.string()),
  createdAt: Iso,
  redirectUri: z.string(),
});
export const OidcProviderList = z.object({ items: z.array(OidcProvider) });
