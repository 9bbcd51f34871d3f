// Every reason code moderation uses, with the words people read: the label moderators see in
// queues, and the rule a statement of reasons refers to. Codes are stable (stored in the
// moderation log, filtered on, and keyed by translations).

export interface ReasonInfo {
  label: string;
  /** The community rule (or the ground) the code refers to, in the words a statement uses. */
  rule: string;
}

/** Reasons a moderator chooses when removing a comment or restricting an account. */
export const REMOVAL_REASONS = ['abuse', 'hate', 'threat', 'spam', 'off_topic', 'misinformation', 'privacy', 'impersonation', 'illegal', 'other'] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

const RULE = {
  civil: 'Rule 1 — Be civil: argue with ideas, not with the people who hold them. No insults, name-calling or harassment of readers, staff or the people in our stories.',
  hate: 'Rule 2 — No hate: nothing that attacks people for their ethnicity, nationality, religion, gender, sexual orientation, disability or age, including slurs.',
  threat: 'Rule 3 — No threats: no threats of violence or wishes of harm, and nothing that encourages self-harm.',
  spam: 'Rule 4 — No spam: no advertising, link farming, scams or repeated posts.',
  topic: 'Rule 5 — Stay on topic: comments should engage with the article or the discussion under it.',
  truth: 'Rule 6 — No deliberate falsehoods: do not spread claims you know to be false or that endanger health or safety.',
  privacy: "Rule 7 — Respect privacy: do not publish other people's personal data (addresses, phone numbers, private documents).",
  honest: 'Rule 8 — Be yourself: do not impersonate other people, our staff or organisations.',
  law: 'The law: content that is illegal where we publish is removed when we are made aware of it.',
  process: 'Moderation process',
};

export const REASONS: Record<string, ReasonInfo> = {
  // Chosen by moderators
  abuse: { label: 'Abuse or harassment', rule: RULE.civil },
  hate: { label: 'Hate speech', rule: RULE.hate },
  threat: { label: 'Threat of violence', rule: RULE.threat },
  spam: { label: 'Spam', rule: RULE.spam },
  off_topic: { label: 'Off topic', rule: RULE.topic },
  misinformation: { label: 'Misinformation', rule: RULE.truth },
  privacy: { label: 'Personal data', rule: RULE.privacy },
  impersonation: { label: 'Impersonation', rule: RULE.honest },
  illegal: { label: 'Illegal content', rule: RULE.law },
  other: { label: 'Other', rule: 'Our community rules, as explained in the moderator’s message.' },
  // Recorded by the pipeline
  banned_word: { label: 'Banned word', rule: RULE.civil },
  suspect_word: { label: 'Suspect word', rule: RULE.civil },
  mild_profanity: { label: 'Mild profanity', rule: RULE.civil },
  profanity: { label: 'Profanity', rule: RULE.civil },
  insult: { label: 'Insult', rule: RULE.civil },
  insult_you: { label: 'Insult aimed at a reader', rule: RULE.civil },
  threat_phrase: { label: 'Threatening language', rule: RULE.threat },
  slur: { label: 'Slur', rule: RULE.hate },
  all_caps: { label: 'Shouting (all capitals)', rule: RULE.civil },
  toxic: { label: 'Incivility score over the threshold', rule: RULE.civil },
  toxic_model: { label: "The site's incivility model", rule: RULE.civil },
  likely_spam: { label: 'Spam score over the threshold', rule: RULE.spam },
  spam_model: { label: "The site's spam model", rule: RULE.spam },
  link: { label: 'Contains a link', rule: RULE.spam },
  many_links: { label: 'Many links', rule: RULE.spam },
  too_many_links: { label: 'More links than the site allows', rule: RULE.spam },
  link_shortener: { label: 'Link shortener', rule: RULE.spam },
  suspicious_domain: { label: 'Link to a domain often used for spam', rule: RULE.spam },
  contact_details: { label: 'Phone number or messenger contact', rule: RULE.spam },
  spam_phrase: { label: 'Sales or scam phrase', rule: RULE.spam },
  money_talk: { label: 'Sums of money', rule: RULE.spam },
  duplicate: { label: 'Same text posted again', rule: RULE.spam },
  flooding: { label: 'Posting very fast', rule: RULE.spam },
  external_flag: { label: 'Flagged by an external scorer', rule: RULE.civil },
  external_scorer_failed: { label: 'An external scorer did not answer', rule: RULE.process },
  trusted_role: { label: 'Staff, moderators and admins publish directly', rule: RULE.process },
  trusted_user: { label: 'Trusted commenter', rule: RULE.process },
  story_premoderated: { label: 'Story is premoderated', rule: RULE.process },
  site_premoderated: { label: 'Site is premoderated', rule: RULE.process },
  author_premoderated: { label: 'Author is premoderated', rule: RULE.process },
  new_account: { label: 'New account', rule: RULE.process },
  links_premoderated: { label: 'Comments with links are reviewed first', rule: RULE.process },
  reported: { label: 'Reported by readers', rule: RULE.process },
  edited: { label: 'Edited by the author', rule: RULE.process },
  story_closed: { label: 'Discussion closed', rule: RULE.process },
  author_banned: { label: 'Author is banned', rule: RULE.process },
  author_suspended: { label: 'Author is suspended', rule: RULE.process },
  warning_unacknowledged: { label: 'Warning not yet acknowledged', rule: RULE.process },
  appeal_reversed: { label: 'Reversed on appeal', rule: RULE.process },
};

export function reasonLabel(code: string): string {
  return REASONS[code]?.label ?? code.replace(/_/g, ' ');
}

export function reasonRule(code: string): string {
  return REASONS[code]?.rule ?? REASONS.other!.rule;
}

/** Which model a human decision teaches, by the reason given. */
export function trainingLabelFor(action: 'approve' | 'reject' | 'spam', reason: string | null): 'ham' | 'spam' | 'civil' | 'uncivil' | null {
  if (action === 'approve') return 'ham';
  if (action === 'spam' || reason === 'spam') return 'spam';
  if (reason === 'abuse' || reason === 'hate' || reason === 'threat') return 'uncivil';
  return null;
}
