// The built-in lexicon of the incivility and spam signals. Lists are short on purpose: each entry
// earns its place by being unambiguous in comments. Everything matched here only *signals*; what
// is held or removed is decided by the thresholds and the site's own word lists.
//
// Slurs are stored ROT13-encoded so the source stays readable in review tools and search results;
// `decodeRot13` restores them once at start.

export function decodeRot13(s: string): string {
  return s.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** Mild profanity: noted, never held on its own ("what the hell", "a damn postcard"). */
export const MILD_PROFANITY = ['hell', 'damn', 'damned', 'crap', 'crappy', 'bloody', 'bugger', 'sod', 'arse', 'piss', 'pissed', 'screw', 'freaking', 'frigging', 'sucks'];

/** Strong profanity. */
export const PROFANITY = ['fuck*', 'motherfuck*', 'shit', 'shits', 'shitty', 'shithead*', 'bullshit', 'horseshit', 'asshole*', 'arsehole*', 'bitch*', 'bastard*', 'dickhead*', 'cunt*', 'wank*', 'twat*', 'prick', 'pricks', 'cock', 'cocks', 'cocksucker*', 'douche*', 'jackass', 'dumbass', 'dipshit', 'stfu', 'wtf', 'ffs'];

/** Words that insult a person whoever they are aimed at. */
export const INSULTS = [
  'idiot*', 'moron*', 'imbecile*', 'cretin*', 'scumbag*', 'halfwit*', 'nitwit*', 'dimwit*', 'numpty', 'muppet*', 'lowlife', 'subhuman*', 'bootlicker*', 'dumbass', 'jackass', 'dickhead*', 'asshole*', 'arsehole*',
  'tosser*', 'plonker*', 'simpleton*', 'buffoon*', 'shill', 'shills', 'sheeple', 'loser', 'losers', 'retard*', 'dolt*',
];

/**
 * Words that are an insult when aimed at the reader ("you're naive", "are you thick?") but
 * ordinary words elsewhere ("a naive estimate", "thick fog", "garbage collection").
 */
export const INSULTS_WHEN_AIMED = [
  ...INSULTS, 'stupid', 'dumb', 'dumber', 'clown', 'clowns', 'fool', 'fools', 'foolish', 'scum', 'pathetic', 'troll', 'trolls', 'naive', 'ignorant', 'brainwashed', 'sheep', 'hypocrite*', 'liar', 'liars', 'coward*',
  'clueless', 'brainless', 'spineless', 'worthless', 'disgusting', 'vile', 'degenerate*', 'parasite*', 'traitor*', 'snowflake*', 'deluded', 'delusional', 'dense', 'thick', 'incompetent', 'useless', 'garbage', 'trash',
  'filth', 'filthy', 'pig', 'pigs', 'rat', 'rats', 'vermin', 'animal', 'animals', 'stooge*', 'puppet', 'lackey*', 'propagandist*', 'prick', 'twat*', 'cunt*', 'bitch*', 'bastard*', 'crazy', 'insane', 'nuts', 'joke',
];

/** Words that name the reader being addressed. */
export const SECOND_PERSON = new Set(['you', 'u', 'ya', 'youre', 'yourself', 'yourselves', 'yall', 'ye', 'thou']);

/** Threats of violence, as phrases over normalized words. `~` matches one optional word. */
export const THREAT_PATTERNS: RegExp[] = [
  /\b(i|we|someone|somebody|they|people|id|ill|im)( (ll|will|would|should|shall|d|am|m|are|re|gonna|going to|ought to|want to|wanna|need to|have to|must))*( (going to|gonna|come and|come to))? (kill|shoot|stab|hang|murder|hurt|strangle|behead|lynch|rape|burn|beat|bash|smash|slit|gut|end|break) (you|u|ya|your|him|her|them|yourself|every one of you|all of you)\b/,
  /\b(kill|hang|shoot) (yourself|urself|yourselves)\b/,
  /\b(i|we|ill|im)( (will|ll|am|m|are|re|gonna|going to|shall))* (find|hunt down|track down|come for|come after|get) (you|u|ya)( and| ill| i ll| then)? ?(hurt|kill|make you pay|beat|shoot|finish)?\b(?<= (hurt|kill|pay|beat|shoot|finish|for you|after you|down you))/,
  /\bkys\b/,
  /\bdie in (a|a house) fire\b/,
  /\b(should|deserves? to|ought to|needs? to) be (hanged|hung|shot|killed|executed|lynched|stabbed|beaten)\b/,
  /\b(someone|somebody|people) (should|needs to|ought to|has to|must) (shoot|kill|hang|beat|slap|punch|stab|hurt)\b/,
  /\b(i|we|ill|id)( (would|d|will|ll))? (slap|punch|smack|hit|beat|kick) (you|u|ya|your)\b/,
  /\b(burns?|torch|torches|set fire to) (your|ur) (house|home|car)\b/,
  /\b(hope|wish) (you|u)( would)? (get|gets|catch) cancer\b/,
  /\b(you|u|ya) (should|deserve to|ought to|need to|will|gonna|are going to|re going to) (die|be shot|be hanged|be killed|get shot|get hurt|burn|suffer|hang)\b/,
  /\b(hope|wish|pray) (you|u|ya|he|she|they) (die|dies|get shot|gets shot|get killed|gets killed|burn|suffer|get cancer|gets cancer)\b/,
  /\b(i|we) know where (you|u|ya) (live|work|sleep)\b/,
  /\b(watch|better watch) (your|ur) back\b/,
  /\b(you|u) ( ?ll|will|are going to|re going to) (regret|pay for) (this|that|it)\b/,
  /\bput (a|one) bullet in\b/,
  /\bgo (and )?die\b/,
  /\bdeath to (you|all|the|every)\b/,
];

// Slurs (ROT13). Held for review whoever they are aimed at.
const SLURS_ROT13 = [
  'avttre*', 'avttn*', 'snttbg*', 'sng', 'qlxr*', 'gnaal*', 'gehaal*', 'ergneq*', 'fcvp*', 'puvax*', 'tbbx*', 'jrgonpx*', 'xvxr*', 'trbeqvr*', 'jbt*', 'jbtf', 'cnxv*', 'evtubc*', 'fnaqavttre*', 'pbba', 'pbbaf', 'fynag*', 'fdhnj*', 'tlcfl', 'tlccb*', 'pnecrgonttre*', 'fuvrfgre*', 'wvtnobb*', 'fcnm*',
];
export const SLURS = SLURS_ROT13.map(decodeRot13);

/** Phrases common in comment spam (sales, scams, follow-me). */
export const SPAM_PHRASES = [
  'buy now', 'click here', 'click the link', 'visit my profile', 'check my profile', 'check out my', 'follow me', 'dm me', 'message me on', 'work from home', 'make money', 'earn money', 'earn cash', 'extra income', 'passive income',
  'per hour', 'per week', 'per month from home', 'limited offer', 'limited time', 'free gift', 'free trial', 'act now', 'order now', 'best price', 'cheap', 'discount code', 'promo code', 'casino', 'jackpot', 'betting tips',
  'viagra', 'cialis', 'weight loss', 'lose weight', 'crypto signals', 'bitcoin investment', 'forex', 'binary options', 'investment opportunity', 'guaranteed profit', 'guaranteed returns', 'loan offer', 'instant loan', 'payday loan',
  'seo services', 'backlinks', 'whatsapp', 'telegram', 'onlyfans', 'hot singles', 'adult dating', 'subscribe to my', 'my channel', 'unsubscribe',
];

/** Link shorteners hide where a link goes: a classic of comment spam. */
export const LINK_SHORTENERS = ['bit.ly', 'tinyurl.com', 't.co', 'goo.gl', 'ow.ly', 'is.gd', 'buff.ly', 'cutt.ly', 'rebrand.ly', 'shorturl.at', 'tiny.cc', 'rb.gy', 'v.gd', 't.ly', 's.id'];

/** Top-level domains that carry far more spam than comments usually link to. */
export const SUSPICIOUS_TLDS = ['xyz', 'top', 'click', 'loan', 'win', 'bid', 'icu', 'buzz', 'cam', 'rest', 'work', 'monster', 'casino', 'bet', 'sbs', 'cfd', 'gq', 'tk', 'ml', 'cf', 'ga'];
