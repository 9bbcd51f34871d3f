// Comment bodies for seeding and posting: a fixed set of templates of varied length (20–1500
// characters) and markup, each rendered once with the real comment renderer, so seeding pays
// the markdown cost per template and not per comment.
import { renderCommentMarkdown } from '../../src/domain/markdown.js';
import type { Random } from './random.js';

const OPENERS = [
  'Honestly,', 'I think', 'As someone who lives here,', 'Good piece, but', 'Not sure about this.', 'Interesting —',
  'Thanks for covering this.', 'Counterpoint:', 'This matches what I saw.', 'Respectfully,', 'Agreed.', 'Hmm.',
];

const SENTENCES = [
  'the council has been promising this for years and nothing has changed on our street',
  'the numbers in the third paragraph do not add up if you compare them with last year',
  'my bus was twenty minutes late again this morning, which is the real story here',
  'people forget that the budget was cut twice before anyone asked the residents',
  'the reporter did a good job talking to the shop owners and not just the officials',
  'I would like to see the full report before drawing any conclusions',
  'the river was higher than I have ever seen it and the gauge readings confirm it',
  'nobody at the meeting could explain where the money for the new bridge would come from',
  'this is exactly why local journalism matters and why I pay for a subscription',
  'the comparison with the neighbouring town is not fair because their population is twice ours',
  'we need more night buses, not fewer, if the city wants people to stay downtown',
  'the photo caption names the wrong street, it is two blocks further north',
  'my grandmother remembers the flood of the sixties and says this one felt different',
  'I emailed my representative last week and have not heard back yet',
  'the survey only asked people who already use the service, which skews the result',
  'rents went up by a third in two years and wages certainly did not',
  'the school run would take half the time if the crossing lights were fixed',
  'there is a public consultation until the end of the month and everyone should answer it',
  'a clear timeline would help more than another round of press releases',
  'the harbour plan looks nice on paper but the fishing families were not consulted',
];

const LINKS = [
  'https://example.org/council/minutes-2024',
  'https://data.example.gov/transport/ridership.csv',
  'https://www.example.com/reports/flood-risk',
  'https://example.net/letters-to-the-editor',
];

const QUOTES = [
  'The project remains on schedule and within budget.',
  'We are listening to residents and will adapt the plan.',
  'Service levels will be reviewed in the spring.',
  'There is no evidence of a systemic problem.',
];

export interface BodyTemplate {
  markdown: string;
  html: string;
}

function sentence(rng: Random): string {
  const s = rng.pick(SENTENCES);
  const opener = rng.chance(0.3) ? `${rng.pick(OPENERS)} ` : '';
  const text = opener ? `${opener}${s}` : s.charAt(0).toUpperCase() + s.slice(1);
  return `${text}${rng.pick(['.', '.', '.', '!', '?'])}`;
}

/** Decorates a sentence with inline markup now and then. */
function decorate(rng: Random, text: string): string {
  const words = text.split(' ');
  if (words.length > 4 && rng.chance(0.15)) {
    const i = rng.int(1, words.length - 3);
    words[i] = `**${words[i]} ${words[i + 1]}**`;
    words.splice(i + 1, 1);
  }
  if (words.length > 4 && rng.chance(0.12)) {
    const i = rng.int(1, words.length - 2);
    words[i] = `_${words[i]}_`;
  }
  if (rng.chance(0.05)) words.push(`(see ${rng.pick(LINKS)})`);
  if (rng.chance(0.04)) words.push('— the `ridership` column, not the total');
  return words.join(' ');
}

function paragraph(rng: Random, sentences: number): string {
  return Array.from({ length: sentences }, () => decorate(rng, sentence(rng))).join(' ');
}

/** How long a comment is: mostly short, a long tail up to 1,500 characters. */
function targetLength(rng: Random): number {
  const r = rng.next();
  if (r < 0.1) return rng.int(20, 60);
  if (r < 0.45) return rng.int(60, 200);
  if (r < 0.8) return rng.int(200, 500);
  if (r < 0.95) return rng.int(500, 1000);
  return rng.int(1000, 1500);
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > 15 ? cut.slice(0, space) : cut).replace(/[\s*_`>-]+$/, '') + '…';
}

export function composeBody(rng: Random): string {
  const target = targetLength(rng);
  const blocks: string[] = [];
  let length = 0;
  if (target > 150 && rng.chance(0.15)) blocks.push(`> ${rng.pick(QUOTES)}`);
  while (length < target) {
    let block: string;
    const r = rng.next();
    if (target > 300 && r < 0.08) {
      block = Array.from({ length: rng.int(2, 4) }, () => `- ${decorate(rng, sentence(rng))}`).join('\n');
    } else if (target > 300 && r < 0.12) {
      block = Array.from({ length: rng.int(2, 3) }, (_, i) => `${i + 1}. ${sentence(rng)}`).join('\n');
    } else {
      block = paragraph(rng, rng.int(1, 3));
    }
    blocks.push(block);
    length += block.length + 2;
  }
  const body = clip(blocks.join('\n\n'), Math.max(target, 20));
  return body.length >= 20 ? body : `${body} ${sentence(rng)}`.slice(0, 60);
}

export function buildTemplates(rng: Random, count: number): BodyTemplate[] {
  return Array.from({ length: count }, () => {
    const markdown = composeBody(rng);
    return { markdown, html: renderCommentMarkdown(markdown) };
  });
}
