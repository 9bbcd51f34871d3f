/**
 * Demo publication seeded on first start.
 *
 * FICTIONAL SAMPLE DATA. Everything in this file was written by the Parley team for
 * demonstration and testing. The main article is an original write-up of a real 2019
 * event (Russia and Venezuela agreeing on reciprocal warship visits); its sentences are
 * ours. Officials' remarks are reported, not quoted, and no quotes were invented.
 * The publication, the bylines, the reporter, every reader, username and comment, the
 * two extra articles and the places in them (Harwick, the Ashwell River) are made up.
 * Any resemblance of a username to a real account is accidental.
 *
 * The comments deliberately include mild profanity, an insult aimed at another reader,
 * an off-topic tangent and a pun, because moderation and threading tests rely on them.
 *
 * Images are hand-drawn SVG illustrations in ./assets, served under /media/demo/.
 */

export interface DemoImage {
  /** File name under src/seed/assets. */
  file: string;
  alt: string;
  caption: string;
  credit: string;
  width: number;
  height: number;
}

export interface DemoArticle {
  slug: string;
  title: string;
  /** One-sentence standfirst. */
  dek: string;
  authors: string[];
  section: string;
  tags: string[];
  /** ISO 8601, UTC. */
  publishedAt: string;
  updatedAt: string;
  leadImage: DemoImage;
  /** Markdown; may contain `::: figure /media/demo/<file>` blocks. */
  bodyMarkdown: string;
}

export interface DemoUser {
  /** 3-24 chars, [a-z0-9_]. */
  username: string;
  displayName: string;
  role?: 'staff' | 'moderator';
}

export interface DemoComment {
  key: string;
  /** A DemoUser username. */
  author: string;
  /** Reader markdown. */
  body: string;
  /** Key of the parent comment, which always appears earlier in demoComments. */
  replyTo?: string;
  minutesAfterPublish: number;
  likes?: number;
  dislikes?: number;
}

/** URL prefix under which src/seed/assets is served. */
export const DEMO_MEDIA_PREFIX = '/media/demo/';

const ILLUSTRATION_CREDIT = 'Illustration: Parley demo desk';

export const demoSite: { slug: 'demo'; name: string; tagline: string } = {
  slug: 'demo',
  name: 'The Parley Dispatch',
  tagline: 'A demonstration publication. Stories, readers and comments here are sample content.',
};

// ---------------------------------------------------------------------------
// Main article
// ---------------------------------------------------------------------------

// Dating note: the Moscow meeting took place on Thursday, 15 August 2019 (the agreement was
// reported the next day, and the US asset-freeze order mentioned in the text was issued on
// 5 August), so the story is dated Friday 16 August 2019.
export const demoArticle: DemoArticle = {
  slug: 'russia-venezuela-warship-port-visits',
  title: "Russia and Venezuela agree to open their ports to each other's warships",
  dek: 'Defence ministers Sergei Shoigu and Vladimir Padrino sealed the accord in Moscow as Washington tightened its squeeze on the government of Nicolás Maduro.',
  authors: ['Mara Quint'],
  section: 'World',
  tags: ['Venezuela', 'Russia', 'Defence', 'Latin America', 'Navies'],
  publishedAt: '2019-08-16T09:30:00Z',
  updatedAt: '2019-08-16T14:05:00Z',
  leadImage: {
    file: 'lead-harbour.svg',
    alt: 'Flat illustration of a grey warship moored alongside a concrete quay, its mooring lines running to two bollards, with a harbour crane on the left and green hills and a small hillside town rising behind the water under a pale morning sky.',
    caption: 'Russian warships have called at Venezuela before: the missile cruiser Moskva tied up at La Guaira, the port serving Caracas, in August 2013.',
    credit: ILLUSTRATION_CREDIT,
    width: 1600,
    height: 900,
  },
  bodyMarkdown: `**MOSCOW** — Russia and Venezuela have signed an agreement allowing warships from each country to call at the other's ports, deepening military ties between Moscow and the embattled government of President Nicolás Maduro at a time of mounting pressure from the United States.

The accord was signed on Thursday by Venezuela's defence minister, Vladimir Padrino López, and his Russian counterpart, Sergei Shoigu, during talks at the Russian defence ministry. According to the ministry's account of the meeting, the two men also reviewed the political situation in Venezuela and discussed cooperation in military and military-technical matters. Neither side released the text of the agreement or said when the first visits under it might take place.

## Talks under pressure

The meeting came less than two weeks after the Trump administration froze all Venezuelan government property in the United States, one of the most sweeping economic measures Washington has aimed at Caracas. Padrino told his host that his country was going through a difficult period and laid the blame on the United States, which he accused of trampling on international law.

Shoigu said Moscow was following events in Venezuela closely. He described the pressure coming from Washington as unprecedented and designed to destabilise the country, and said Russia regarded outside interference as unacceptable, particularly at such a tense moment. He also voiced support for what he called Venezuela's independent foreign policy.

In a post on social media after the talks, Padrino said the agreement would help keep relations with Russia strong, and predicted more exchanges in education and training as well as joint exercises on land, at sea and in the air.

## A country split in two

Venezuela has been locked in a political standoff since January, when Juan Guaidó, the head of the opposition-controlled National Assembly, declared himself interim president. The United States recognised him the same day, and dozens of governments in the Americas and Europe followed.

Maduro has kept the loyalty of the armed forces and the support of a smaller group of allies that includes Russia, China, Cuba, Iran and Turkey. An attempt by Guaidó to spark a military uprising on April 30 fizzled within a day. Senior US officials afterwards accused Moscow of talking Maduro out of leaving the country, a charge President Donald Trump later appeared to play down.

Padrino was himself drawn into that episode. John Bolton, the White House national security adviser, named him as one of three senior figures who, in Bolton's account, had agreed to abandon Maduro before backing out. Padrino has rejected the allegation, and the two men have since traded barbs online.

This week Bolton again addressed Padrino directly, pointing to the death in custody in June of Rafael Acosta Arévalo, a navy captain accused of plotting against the government. Bolton urged the minister to choose between standing up for his fellow officers and being remembered as complicit in their mistreatment. Padrino did not reply publicly.

The economic backdrop has grown steadily worse. US financial sanctions imposed in 2017 shut Caracas out of most American credit markets, and measures against the state oil company PDVSA in January cut it off from what had been its most important cash customer. The United Nations estimates that about four million Venezuelans have left the country since 2015.

::: figure /media/demo/figure-map.svg
alt: Simplified map of the Caribbean Sea. Cuba, Jamaica, Hispaniola and Puerto Rico lie along the top, the small islands of the Lesser Antilles curve down the right-hand side, and the coasts of Colombia and Venezuela run along the bottom. A red ring marks La Guaira on the central Venezuelan coast, with Caracas shown just inland.
caption: La Guaira, the main port for Caracas, sits on Venezuela's central Caribbean coast, roughly 550 miles south of Puerto Rico.
credit: Illustration: Parley demo desk
:::

## Flags in the Caribbean

Russian warships are not strangers to Venezuelan waters. A squadron led by the nuclear-powered cruiser Pyotr Velikiy held joint exercises with the Venezuelan navy in 2008, and the missile cruiser Moskva tied up at La Guaira in August 2013.

Military aircraft have drawn more attention lately. In December 2018, weeks before Guaidó's declaration, two Russian Tu-160 strategic bombers flew to Venezuela and took part in drills with Venezuelan jets over the Caribbean, prompting sharp criticism from Washington. In March, Russian air force planes landed in Caracas carrying personnel whom Moscow described as specialists working under existing contracts.

Those contracts date back to a cooperation programme begun in 2001. Over the following decade Venezuela became one of the biggest buyers of Russian arms in Latin America, acquiring fighter jets, helicopters, tanks and air-defence systems, much of it paid for with Russian credit.

## What it changes

Analysts who follow the Russian navy cautioned against reading the agreement as the first step towards a permanent presence. An arrangement of this kind mainly settles the formalities for refuelling, resupply and shore leave, they noted, and Russia's surface fleet has limited capacity for long deployments far from home.

The symbolism is harder to wave away. Russian ships moored in a Caribbean port would give Moscow a visible way to signal its commitment to Maduro, and could complicate any move in Washington towards a naval blockade, an idea Trump said this month he was considering.

For Caracas, the deal offers something it badly needs: proof that it is not alone. For Moscow, it is a relatively cheap way to show that its reach extends into a region the United States has long regarded as its own backyard.
`,
};

// ---------------------------------------------------------------------------
// Readers
// ---------------------------------------------------------------------------

export const demoUsers: DemoUser[] = [
  { username: 'mara_quint', displayName: 'Mara Quint', role: 'staff' },
  { username: 'rowan_mod', displayName: 'Rowan (moderator)', role: 'moderator' },
  { username: 'tidewatcher', displayName: 'Tidewatcher' },
  { username: 'ana_ledesma', displayName: 'Ana L.' },
  { username: 'pete_vinho', displayName: 'Pete Vinho' },
  { username: 'gil_ferreira', displayName: 'Gil Ferreira' },
  { username: 'quietcartographer', displayName: 'quiet cartographer' },
  { username: 'longview_historian', displayName: 'Longview Historian' },
  { username: 'drydock_dan', displayName: 'Dan, Drydock' },
  { username: 'paz_in_madrid', displayName: 'Paz' },
  { username: 'boxscore_bev', displayName: 'Bev' },
  { username: 'night_owl_nina', displayName: 'Nina' },
];

// ---------------------------------------------------------------------------
// Discussion under the main article, in posting order (parents before children)
// ---------------------------------------------------------------------------

const ESSAY = `Everyone reading this as the Cold War coming back should slow down a little. I have spent years reading about great-power meddling in this hemisphere, and the agreement described here looks to me less like a military move than a piece of theatre aimed at two audiences at once.

Start with the doctrine Washington has leaned on for two centuries. Monroe put it this way in his message to Congress in 1823:

> the American continents, by the free and independent condition which they have assumed and maintain, are henceforth not to be considered as subjects for future colonization by any European powers

That sentence has been stretched to cover almost anything since, and this year people in the administration have been happy to invoke the doctrine by name again. Moscow knows exactly how that sounds in Caracas, Havana and Managua, and a port-visit deal lets it press on the bruise without committing to much.

Now look at what Russia can actually do:

1. **Reach.** Its surface navy is a fraction of the Soviet fleet. Sending a cruiser across the Atlantic is an event for it, not a routine patrol.
2. **Money.** Moscow has already lent Caracas billions it may never fully get back. It has no appetite for bankrolling a base on top of that.
3. **Oil.** Rosneft has a large stake in Venezuelan crude, and protecting that stake matters more to the Kremlin than any talk of solidarity.
4. **Leverage.** Every Russian flag in the Caribbean is a chip it can cash in later, over Syria, Ukraine or arms control.

None of that adds up to a defence guarantee. If the US decided to enforce a blockade, one visiting frigate would not stop it, and everybody involved knows that.

What worries me is the opposite risk: that someone in Washington treats a symbolic gesture as a provocation that demands an answer, and that the answer lands on ordinary Venezuelans, who are already paying for this standoff with empty pharmacies and a currency that has practically stopped existing. Nobody named in this article, not Maduro, not Guaidó, not Bolton, not Shoigu, will be queueing for flour.

The better comparison is not 1962. It is the long stretch of the twentieth century when Latin American countries were treated as squares on someone else's board. The players changed, the pattern did not: outsiders arrived with promises, the promises served the outsiders, and the country in question ended up poorer and more divided than before.

So here is my prediction, for what it is worth. A couple of well-photographed visits to La Guaira, some stern statements from Washington, and very little change in the actual balance of force. The real fight will carry on in bank accounts, oil cargoes and courtrooms, not at sea.

I would be delighted to be proven wrong in the boring direction.`;

export const demoComments: DemoComment[] = [
  {
    key: 'c01',
    author: 'tidewatcher',
    body: 'Somewhere in Washington a lot of people just lost their weekend.',
    minutesAfterPublish: 6,
    likes: 21,
    dislikes: 2,
  },
  {
    key: 'c02',
    author: 'ana_ledesma',
    body: "Maybe that's the point. It's a lot harder to talk about blockading a coastline when there's a Russian cruiser sitting in port at La Guaira.",
    replyTo: 'c01',
    minutesAfterPublish: 14,
    likes: 17,
    dislikes: 4,
  },
  {
    key: 'c03',
    author: 'pete_vinho',
    body: 'A treaty on reciprocal port visits. Finally, some diplomacy I can raise a glass to.',
    replyTo: 'c02',
    minutesAfterPublish: 19,
    likes: 34,
    dislikes: 3,
  },
  {
    key: 'c04',
    author: 'gil_ferreira',
    body: 'Two governments that lock up their critics, shaking hands over a treaty. What the hell is anyone supposed to cheer about here?',
    minutesAfterPublish: 27,
    likes: 12,
    dislikes: 9,
  },
  {
    key: 'c05',
    author: 'tidewatcher',
    body: 'That joke deserves a porthole. Specifically, one to throw it out of.',
    replyTo: 'c03',
    minutesAfterPublish: 31,
    likes: 26,
  },
  {
    key: 'c06',
    author: 'quietcartographer',
    body: 'Genuine question: does this let Russia keep ships *based* in Venezuela, or is it only short visits? The article says neither side published the text.',
    minutesAfterPublish: 44,
    likes: 9,
  },
  {
    key: 'c07',
    author: 'ana_ledesma',
    body: "Nobody in the piece is cheering. It's a news report. You're allowed to read one without picking a team first.",
    replyTo: 'c04',
    minutesAfterPublish: 52,
    likes: 15,
    dislikes: 6,
  },
  {
    key: 'c08',
    author: 'longview_historian',
    body: ESSAY,
    minutesAfterPublish: 71,
    likes: 48,
    dislikes: 11,
  },
  {
    key: 'c09',
    author: 'drydock_dan',
    body: "One cruiser every few years isn't a naval presence, it's a damn postcard. Wake me up when they sign a basing deal.",
    minutesAfterPublish: 88,
    likes: 19,
    dislikes: 5,
  },
  {
    key: 'c10',
    author: 'mara_quint',
    body: `Good question. Both ministries described it as an agreement on **visits**, and nothing in their public statements mentions basing or a standing presence. We have asked both defence ministries for the text and will update the story if we get it.

— Mara (reporter)`,
    replyTo: 'c06',
    minutesAfterPublish: 96,
    likes: 22,
  },
  {
    key: 'c11',
    author: 'quietcartographer',
    body: 'Thanks, appreciate the straight answer.',
    replyTo: 'c10',
    minutesAfterPublish: 103,
    likes: 4,
  },
  {
    key: 'c12',
    author: 'paz_in_madrid',
    body: `Nearly five hundred words of chessboard metaphors and not one mention of the four million people who walked out of the country. They didn't leave because of Monroe. They left because the economy was wrecked years before the oil sanctions, and anyone who complained ended up in a cell.

Those Russian ships are there to keep that government in place. That's the whole story.`,
    replyTo: 'c08',
    minutesAfterPublish: 140,
    likes: 31,
    dislikes: 14,
  },
  {
    key: 'c13',
    author: 'boxscore_bev',
    body: "Off topic, but whoever redesigned the comment section: the reply button is tiny on my phone now and I keep hitting *report* instead. Apologies to everyone I've flagged this week.",
    minutesAfterPublish: 158,
    likes: 27,
    dislikes: 1,
  },
  {
    key: 'c14',
    author: 'longview_historian',
    body: "I said the sanctions are hurting people, not that they caused everything. Both can be true: mismanagement started the slide and outside pressure is making it steeper. I'm not defending Maduro. I'm saying a foreign navy fixes none of it.",
    replyTo: 'c12',
    minutesAfterPublish: 186,
    likes: 20,
    dislikes: 7,
  },
  {
    key: 'c15',
    author: 'night_owl_nina',
    body: 'Same! Turning the phone sideways helps a bit. Also, did anyone else stay up for the match last night? Winner in the 93rd minute, I still have no voice.',
    replyTo: 'c13',
    minutesAfterPublish: 191,
    likes: 8,
    dislikes: 2,
  },
  {
    key: 'c16',
    author: 'paz_in_madrid',
    body: '"Both can be true" is what people say when they don\'t want to pick a side. Either you\'re naive or you\'re a shill for Caracas, and honestly I can\'t tell which is worse.',
    replyTo: 'c14',
    minutesAfterPublish: 203,
    likes: 6,
    dislikes: 18,
  },
  {
    key: 'c17',
    author: 'rowan_mod',
    body: 'A reminder from the moderators: argue with the point as hard as you like, but leave the labels for other readers out of it. The [community guidelines](https://example.org/community-guidelines) have the details.',
    replyTo: 'c16',
    minutesAfterPublish: 215,
    likes: 14,
    dislikes: 3,
  },
  {
    key: 'c18',
    author: 'night_owl_nina',
    body: "For anyone who has lost track of this year, [this timeline of the 2019 crisis](https://example.org/venezuela-2019-timeline) is a decent refresher. The _April 30_ entry explains why Padrino's name keeps coming up.",
    minutesAfterPublish: 260,
    likes: 11,
  },
];

// ---------------------------------------------------------------------------
// Two short extra articles so the home page is not a single item
// ---------------------------------------------------------------------------

export const moreArticles: DemoArticle[] = [
  {
    slug: 'harwick-night-bus-loop-pilot',
    title: 'Harwick to trial a late-night bus loop after rider survey',
    dek: 'A six-month pilot will run buses every 20 minutes between midnight and 4 a.m., linking the hospital, the rail station and the riverside warehouses.',
    authors: ['Owen Adeyemi'],
    section: 'City',
    tags: ['Transit', 'Buses', 'Harwick'],
    publishedAt: '2019-08-14T07:15:00Z',
    updatedAt: '2019-08-14T07:15:00Z',
    leadImage: {
      file: 'lead-night-bus.svg',
      alt: 'Flat illustration of a red city bus with lit yellow windows pulling up to a glass bus shelter on an empty street at night, with dark apartment blocks and a full moon behind.',
      caption: 'The N1 loop will run from October through March.',
      credit: ILLUSTRATION_CREDIT,
      width: 1600,
      height: 900,
    },
    bodyMarkdown: `**HARWICK** — The city's transit authority will run a late-night bus loop for six months starting in October, after a survey of riders found that shift workers were the people least well served by the current timetable.

The route, numbered N1, will connect the general hospital, the central rail station and the warehouses of the riverside district, with a bus every 20 minutes between midnight and 4 a.m. Fares will be the same as during the day.

Almost 3,000 people answered the authority's survey in the spring. Nearly half of those who said they travelled after midnight worked in health care, cleaning, hospitality or logistics, and many said they were paying for taxis they could not easily afford.

## Paying for the pilot

The trial is expected to cost about $410,000, shared between the city's transport budget and a one-off grant from the regional government. Board members said ridership figures would be reviewed every month and published on the authority's website.

Some councillors doubted that demand would hold up through the winter. Supporters on the board replied that a short trial was the cheapest way to find out, since a route that does not exist can never show demand.

If the loop averages 40 passengers an hour, staff will recommend making it permanent in next year's budget.
`,
  },
  {
    slug: 'ashwell-river-volunteers-warmer-summers',
    title: "Volunteers' decade of river readings shows warmer summers on the Ashwell",
    dek: "A citizen science group's records suggest the river's summer water has warmed, with worrying signs for its trout.",
    authors: ['Lena Hartwig'],
    section: 'Science',
    tags: ['Climate', 'Rivers', 'Citizen science'],
    publishedAt: '2019-08-15T11:00:00Z',
    updatedAt: '2019-08-15T16:40:00Z',
    leadImage: {
      file: 'lead-river-gauge.svg',
      alt: 'Flat illustration of a yellow monitoring buoy with a short antenna floating in a calm blue river, with rounded green trees on the far bank and a pale sun in the sky.',
      caption: 'Volunteers maintain a floating sensor near the old mill weir.',
      credit: ILLUSTRATION_CREDIT,
      width: 1600,
      height: 900,
    },
    bodyMarkdown: `**ASHWELL VALLEY** — Ten years of readings gathered by volunteers along the Ashwell River show that its summer water has been getting warmer, according to an analysis published this week by the group that collected them.

Since 2009, members of Ashwell River Watch have checked temperature loggers at 14 sites every month and looked after a floating sensor near the old mill weir. Their report finds that average July water temperatures at the lower sites rose by roughly 1.1°C over the decade, with the biggest increases on stretches where bankside trees had been cleared.

The group's methods were reviewed by a freshwater ecologist at the regional university, who said a decade was a short record for detecting a climate trend but that the pattern matched what has been measured on other lowland rivers.

Trout prefer cool water and become stressed as it approaches 20°C. Several volunteers reported finding fewer young fish at the warmest sites over the past two summers.

The group is asking landowners to replant shade trees along the most exposed banks and plans to add four monitoring sites next year. Its full dataset is available for anyone to download.
`,
  },
];
