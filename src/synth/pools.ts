/**
 * Word pools for the synthetic corpus: actors, places, outlets, event phrasing and a small synonym
 * dictionary for spinning. All written for this generator (no sentence comes from any real
 * article); public figures appear by name only, so that entity linking has something to find.
 */

/** A person the generator can quote. */
export interface SynthActor {
  name: string;
  /** Surname used on second mention. */
  short: string;
  role: string;
  country: string;
}

export const COUNTRIES = [
  "Russia",
  "North Korea",
  "China",
  "South Korea",
  "Japan",
  "United States",
  "Iran",
  "Belarus",
  "Ukraine",
  "Mongolia",
  "Vietnam",
  "Kazakhstan",
] as const;

/** Demonym per country (same order as {@link COUNTRIES}). */
export const DEMONYMS: Record<(typeof COUNTRIES)[number], string> = {
  Russia: "Russian",
  "North Korea": "North Korean",
  China: "Chinese",
  "South Korea": "South Korean",
  Japan: "Japanese",
  "United States": "American",
  Iran: "Iranian",
  Belarus: "Belarusian",
  Ukraine: "Ukrainian",
  Mongolia: "Mongolian",
  Vietnam: "Vietnamese",
  Kazakhstan: "Kazakh",
};

export const KNOWN_ACTORS: SynthActor[] = [
  { name: "Vladimir Putin", short: "Putin", role: "President", country: "Russia" },
  { name: "Kim Jong Un", short: "Kim", role: "leader", country: "North Korea" },
  { name: "Sergei Lavrov", short: "Lavrov", role: "Foreign Minister", country: "Russia" },
  { name: "Choe Son Hui", short: "Choe", role: "Foreign Minister", country: "North Korea" },
  { name: "Sergei Shoigu", short: "Shoigu", role: "Security Council Secretary", country: "Russia" },
  { name: "Andrei Belousov", short: "Belousov", role: "Defence Minister", country: "Russia" },
  { name: "Dmitry Peskov", short: "Peskov", role: "Kremlin spokesman", country: "Russia" },
  { name: "Maria Zakharova", short: "Zakharova", role: "Foreign Ministry spokeswoman", country: "Russia" },
  { name: "Alexander Kozlov", short: "Kozlov", role: "Natural Resources Minister", country: "Russia" },
  { name: "Kim Yo Jong", short: "Kim Yo Jong", role: "senior party official", country: "North Korea" },
  { name: "Pak Jong Chon", short: "Pak", role: "party secretary", country: "North Korea" },
  { name: "Yoon Suk Yeol", short: "Yoon", role: "President", country: "South Korea" },
  { name: "Antony Blinken", short: "Blinken", role: "Secretary of State", country: "United States" },
  { name: "Wang Yi", short: "Wang", role: "Foreign Minister", country: "China" },
  { name: "Fumio Kishida", short: "Kishida", role: "Prime Minister", country: "Japan" },
];

/** Given names and surnames for generated officials, analysts and spokespeople. */
export const GIVEN_NAMES = [
  "Anna",
  "Boris",
  "Elena",
  "Igor",
  "Olga",
  "Pavel",
  "Tatiana",
  "Yuri",
  "Min-jun",
  "Seo-yeon",
  "Ji-ho",
  "Hae-won",
  "Li",
  "Mei",
  "Hiroshi",
  "Yuki",
  "David",
  "Sarah",
  "Michael",
  "Laura",
  "Reza",
  "Leila",
  "Nurlan",
  "Aigerim",
  "Bat-Erdene",
  "Oyuna",
  "Thanh",
  "Linh",
  "Andrei",
  "Natalia",
  "Kwang-chol",
  "Song-il",
];
export const SURNAMES = [
  "Volkova",
  "Sokolov",
  "Morozov",
  "Petrova",
  "Lebedev",
  "Novikova",
  "Kuznetsov",
  "Park",
  "Lee",
  "Choi",
  "Jung",
  "Kang",
  "Zhang",
  "Liu",
  "Tanaka",
  "Sato",
  "Miller",
  "Brooks",
  "Carter",
  "Hughes",
  "Karimi",
  "Rahimi",
  "Abenov",
  "Serikova",
  "Ganbold",
  "Nguyen",
  "Tran",
  "Ri",
  "Jon",
  "Han",
  "Orlov",
  "Fedorova",
];
export const GENERATED_ROLES = [
  "Deputy Foreign Minister",
  "ambassador",
  "trade envoy",
  "senior analyst",
  "defence ministry spokesperson",
  "regional governor",
  "deputy prime minister",
  "director of a think tank",
  "parliamentary committee chair",
  "energy ministry official",
];

export const CITIES = [
  { city: "Pyongyang", country: "North Korea" },
  { city: "Moscow", country: "Russia" },
  { city: "Vladivostok", country: "Russia" },
  { city: "Khabarovsk", country: "Russia" },
  { city: "Rason", country: "North Korea" },
  { city: "Wonsan", country: "North Korea" },
  { city: "Beijing", country: "China" },
  { city: "Seoul", country: "South Korea" },
  { city: "Tokyo", country: "Japan" },
  { city: "Washington", country: "United States" },
  { city: "Ulaanbaatar", country: "Mongolia" },
  { city: "Minsk", country: "Belarus" },
  { city: "Tehran", country: "Iran" },
  { city: "Astana", country: "Kazakhstan" },
];

/** Outlets: name and domain. Invented names; no real outlet is imitated. */
export const OUTLETS = [
  ["Northern Ledger", "northernledger.example"],
  ["Eastern Wire", "easternwire.example"],
  ["Pacific Dispatch", "pacificdispatch.example"],
  ["The Harbour Times", "harbourtimes.example"],
  ["Continental Review", "continentalreview.example"],
  ["Daily Meridian", "dailymeridian.example"],
  ["Amur Gazette", "amurgazette.example"],
  ["Peninsula Post", "peninsulapost.example"],
  ["Steppe Chronicle", "steppechronicle.example"],
  ["Global Affairs Monitor", "gamonitor.example"],
  ["The Frontier Journal", "frontierjournal.example"],
  ["Baikal Herald", "baikalherald.example"],
  ["Strait Observer", "straitobserver.example"],
  ["World Brief", "worldbrief.example"],
  ["Capital Courier", "capitalcourier.example"],
  ["Asia Policy Digest", "asiapolicydigest.example"],
  ["Evening Sentinel", "eveningsentinel.example"],
  ["News Aggregator Hub", "newsaggregatorhub.example"],
  ["Insight Wire Service", "insightwire.example"],
  ["The Morning Compass", "morningcompass.example"],
] as const;

/** Event kinds: a headline pattern and body sentence patterns. `{A}` actor, `{B}` counterpart, `{C}` city, `{X}` topic, `{N}` small number, `{M}` large number, `{D}` day, `{Y}` year. */
export const EVENT_KINDS = [
  {
    kind: "visit",
    headline: ["{A} arrives in {C} for talks on {X}", "{A} visits {C} as ties deepen", "{A} holds talks in {C}"],
    lead: [
      "{A} arrived in {C} on {D} for {N}-day talks with {B} focused on {X}.",
      "{A} met {B} in {C} on {D}, the two sides said, in a visit centred on {X}.",
    ],
  },
  {
    kind: "agreement",
    headline: ["{P1} and {P2} sign agreement on {X}", "New {X} deal signed in {C}", "{P1}, {P2} agree to expand {X}"],
    lead: [
      "{P1} and {P2} signed an agreement on {X} in {C} on {D}, according to officials from both sides.",
      "Officials from {P1} and {P2} agreed on {D} to expand cooperation on {X}, with {N} projects planned.",
    ],
  },
  {
    kind: "denial",
    headline: ["{P1} denies reports of {X}", "{A} rejects claims over {X}", "Officials dismiss allegations of {X}"],
    lead: [
      "{A} denied on {D} that {P1} had been involved in {X}, calling the reports groundless.",
      "{P1} rejected accusations of {X} on {D}, while {P2} said it had evidence of {M} shipments.",
    ],
  },
  {
    kind: "sanction",
    headline: ["{P2} announces sanctions over {X}", "New sanctions target {X}", "{P2} widens penalties linked to {X}"],
    lead: [
      "{P2} announced sanctions on {D} against {N} entities it accused of facilitating {X}.",
      "On {D}, {P2} imposed new restrictions on companies linked to {X}, officials said.",
    ],
  },
  {
    kind: "exercise",
    headline: [
      "Joint drills held near {C}",
      "{P1} stages exercises as tension rises",
      "Military exercises near {C} draw criticism",
    ],
    lead: [
      "Forces from {P1} held exercises near {C} on {D}, involving about {M} troops, state media reported.",
      "{P1} staged drills near {C} on {D}, which {P2} condemned as provocative.",
    ],
  },
] as const;

export const TOPICS = [
  "military cooperation",
  "artillery ammunition supplies",
  "satellite technology",
  "a rail link across the Tumen River",
  "labour migration",
  "tourism routes",
  "energy supplies",
  "grain deliveries",
  "a long-term economic partnership",
  "air connections",
  "student exchanges",
  "space research",
  "medical assistance",
  "port development in Rason",
  "ballistic missile transfers",
];

/** Quote cue verbs (direct quotes end with `…," {speaker} {cue}.`). */
export const CUES = ["said", "said", "said", "told reporters", "added", "stated", "noted", "wrote"];

/** Quote bodies. `{X}` topic, `{P1}`/`{P2}` countries. */
export const QUOTES = [
  "Our cooperation on {X} will continue to grow in the coming years",
  "We are not going to comment on speculation about {X}",
  "These reports about {X} have nothing to do with reality",
  "{P1} is free to choose its partners in the region",
  "The talks were constructive and we reached an understanding on {X}",
  "Any transfer linked to {X} would violate Security Council resolutions",
  "We will respond firmly to any threat to our security",
  "Our partnership with {P2} threatens no one in the region",
  "We expect concrete results on {X} before the end of the year",
  "It is too early to speak about the details",
];

/** Filler sentences for body paragraphs. */
export const BACKGROUND = [
  "Relations between {P1} and {P2} have intensified since {Y}, when the two sides exchanged a series of high-level visits.",
  "Analysts say the talks reflect a broader shift in the region, with {N} meetings held over the past year.",
  "Bilateral trade rose by {N} percent last year, according to customs figures.",
  "The visit follows a summit in {C} in {Y} that set out plans for {X}.",
  "Western governments have raised concerns about {X}, citing satellite imagery.",
  "State media did not give further details about the schedule.",
  "The agreement is expected to be ratified by parliament within {N} months.",
  "Observers noted that officials from {P2} were not invited to the ceremony.",
  "The ministry said {N} delegations had taken part in the preparations.",
  "Previous rounds of talks on {X} ended without a joint statement.",
  "Officials said a working group would meet again in {C} later this year.",
  "The two sides also discussed cooperation in {X}, according to a readout published after the meeting.",
  "Customs data showed {M} tonnes of cargo crossing the border in the first {N} months of the year.",
  "A spokesperson for the foreign ministry in {C} declined to comment on the timing of the next round.",
  "The deal covers {N} areas, including transport, health and education, a summary released by officials said.",
  "Satellite images published by a research group showed increased activity at a port near {C}.",
  "Opposition lawmakers in {P2} called for a hearing on the implications of the talks.",
  "Diplomats in {C} said the schedule had been agreed weeks in advance.",
  "The last comparable visit took place in {Y}, when delegations met in {C}.",
  "The announcement came a day after {P2} called for an emergency meeting on {X}.",
];

/**
 * Spinner dictionary: word or phrase → substitutes a crude synonym spinner would use. Invented for
 * this generator; the substitutes are deliberately awkward, like real spun copies.
 */
export const SPIN_SYNONYMS: Record<string, string[]> = {
  "Foreign Minister": ["Overseas Minister", "External Minister"],
  "Defence Minister": ["Protection Minister", "Safeguard Minister"],
  President: ["Chairman", "Head of state"],
  talks: ["discussions", "conversations", "negotiations"],
  agreement: ["settlement", "accord", "understanding"],
  cooperation: ["collaboration", "teamwork"],
  sanctions: ["penalties", "restrictions"],
  said: ["stated", "mentioned", "acknowledged"],
  announced: ["introduced", "declared"],
  officials: ["authorities", "functionaries"],
  visit: ["journey", "trip"],
  exercises: ["workouts", "drills"],
  troops: ["soldiers", "servicemen"],
  reports: ["accounts", "stories"],
  expected: ["anticipated", "predicted"],
  concerns: ["worries", "issues"],
  relations: ["ties", "relationships"],
  intensified: ["heightened", "stepped up"],
  region: ["area", "territory"],
  meeting: ["assembly", "gathering"],
  "satellite imagery": ["space imagery", "orbiter pictures"],
  details: ["particulars", "specifics"],
  "state media": ["state press", "government outlets"],
  partnership: ["alliance", "affiliation"],
  "working group": ["operating group", "working team"],
  rose: ["climbed", "elevated"],
  percent: ["per cent", "%"],
  expand: ["broaden", "increase"],
  signed: ["inked", "autographed"],
  constructive: ["productive", "useful"],
  groundless: ["baseless", "unfounded"],
  provocative: ["inflammatory", "frightening"],
  "emergency meeting": ["urgent assembly", "emergency session"],
  continue: ["proceed", "keep on"],
  coming: ["upcoming", "forthcoming"],
  important: ["crucial", "significant"],
  neighbours: ["neighbors", "adjacent nations"],
};
