// The pure rules: look-alike folding of names, the common-password list, the avatar.
import { describe, expect, it } from 'vitest';
import { avatarSvg } from '../../src/services/accounts/avatar.js';
import { checkDisplayName, checkUsername, mixesScripts, skeleton } from '../../src/services/accounts/names.js';
import { checkNewPassword, isCommonPassword } from '../../src/services/accounts/passwordPolicy.js';

const staff = [{ userId: 'staff-1', username: 'mara_quint', displayName: 'Mara Quint' }];

describe('skeleton', () => {
  it.each([
    ['Mara Quint', 'mara_qu1nt'],
    ['mara quint', 'MARA-QUINT'],
    ['rnara', 'mara'],
    ['Ｍａｒａ', 'mara'], // full-width letters
    ['Màrä', 'mara'],
    ['Маrа', 'mara'], // Cyrillic М and а
    ['0ld', 'old'],
  ])('%s reads like %s', (a, b) => expect(skeleton(a)).toBe(skeleton(b)));

  it('keeps different names apart', () => {
    expect(skeleton('mara')).not.toBe(skeleton('maria'));
    expect(skeleton('dana_r')).not.toBe(skeleton('dana_q'));
  });
});

describe('names', () => {
  it.each([
    ['mara_qu1nt', 'name_impersonation'],
    ['Admin', 'name_impersonation'],
    ['admin2', 'name_impersonation'],
    ['TheModerator', 'name_impersonation'],
    ['editor', 'name_impersonation'],
    ['deleted', 'name_impersonation'],
    ['ab', 'username_invalid'],
    ['ünïcode', 'username_invalid'],
  ])('username %s → %s', (name, code) => expect(checkUsername(name, { privileged: staff, selfId: null })?.code).toBe(code));

  it.each(['dana_r', 'modern_art', 'mod_squad_fan', 'staffordshire', 'editorial_fan'])('username %s is fine', (name) =>
    expect(checkUsername(name, { privileged: staff, selfId: null })).toBeNull(),
  );

  it('lets staff keep their own name, and trusts the operator', () => {
    expect(checkUsername('mara_quint', { privileged: staff, selfId: 'staff-1' })).toBeNull();
    expect(checkUsername('site_admin', { privileged: staff, selfId: null, trusted: true })).toBeNull();
  });

  it.each([
    ['Дмитрий Петров', null],
    ['Zoë Ñúñez', null],
    ['李小龍', null],
    ['Mаra', 'display_name_mixed_scripts'],
    ['Jane\u200D', 'display_name_invisible'],
    ['\u202EevilName', 'display_name_invisible'],
    ['!!!', 'display_name_invalid'],
    ['M a r a  Q u i n t', 'name_impersonation'],
    ['Official Account', 'name_impersonation'],
  ])('display name %s → %s', (name, code) => expect(checkDisplayName(name, { privileged: staff, selfId: null })?.code ?? null).toBe(code));

  it('sees mixed scripts per word, not across words', () => {
    expect(mixesScripts('Anna Анна')).toBe(false);
    expect(mixesScripts('Аnna')).toBe(true);
  });
});

describe('passwords', () => {
  it.each(['password123', 'Password1!', 'qwertyuiop', 'iloveyou2024', 'Dragon2024!', '1234567890'])('%s is common', (p) => expect(isCommonPassword(p)).toBe(true));
  it.each(['correct horse battery staple', 'tidal gauge at low water', 'pw-dana-0123456789'])('%s is not', (p) => expect(isCommonPassword(p)).toBe(false));
  it('wants length, and not the account’s own name', () => {
    expect(checkNewPassword('short')?.code).toBe('password_too_short');
    expect(checkNewPassword('x'.repeat(201))?.code).toBe('password_too_long');
    expect(checkNewPassword('Harbourwatch_2026', { username: 'harbourwatch' })?.code).toBe('password_personal');
    expect(checkNewPassword('nadia.k@example.test', { email: 'nadia.k@example.test' })?.code).toBe('password_personal');
    expect(checkNewPassword('pw-nadia-0123456789', { username: 'nadia' })).toBeNull();
  });
});

describe('avatar', () => {
  it('is the same for the same id, different for another, and escapes the name', () => {
    const a = avatarSvg('01ABC', 'Ana "A" <L>');
    expect(avatarSvg('01ABC', 'Ana "A" <L>')).toBe(a);
    expect(avatarSvg('01ABD', 'Ana "A" <L>')).not.toBe(a);
    expect(a).toContain('aria-label="Ana &quot;A&quot; &lt;L&gt;"');
    expect(a).toMatch(/>A<\/text><\/svg>$/);
  });
});
