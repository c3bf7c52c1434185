/**
 * Sports teams named after their home place: "the Seattle Storm", "the Portland Thorns", "the Chicago Fire".
 * A known place followed by one or two capitalised words is a team (an organisation) when the sentence is about a
 * game: a verb of the contest beside the name ("beat the Harrow Falcons", "the Kelby Owls lost to…"), a noun of
 * the sport in the sentence (coach, season, playoffs, roster, fans…), a score ("88-80") or a league's acronym.
 * Without such a cue the words stay what the other rules say ("the Maui Wildfire" is an event, "Cricket
 * Australia" a body).
 */
import type { RichToken } from "./tokenize.js";

/** Verbs of a contest, read only right beside the team's name (their lemmas or forms). */
const CONTEST_VERBS = new Set([
  "beat",
  "beats",
  "beaten",
  "defeat",
  "defeated",
  "defeats",
  "edge",
  "edged",
  "rout",
  "routed",
  "thrash",
  "thrashed",
  "host",
  "hosted",
  "hosts",
  "play",
  "played",
  "plays",
  "face",
  "faced",
  "faces",
  "win",
  "won",
  "wins",
  "lose",
  "lost",
  "loses",
  "draw",
  "drew",
  "tie",
  "tied",
  "sign",
  "signed",
  "trade",
  "traded",
  "draft",
  "drafted",
  "eliminate",
  "eliminated",
  "upset",
  "clinch",
  "clinched",
]);

/** Prepositions after a contest verb before its opponent: "lost to the Kelby Owls", "won against…". */
const CONTEST_PREPOSITIONS = new Set(["to", "against", "over", "at", "with", "by", "for"]);

/** Nouns of a sport anywhere in the sentence. */
const SPORT_NOUNS = new Set([
  "coach",
  "coaches",
  "season",
  "seasons",
  "playoffs",
  "playoff",
  "postseason",
  "preseason",
  "roster",
  "fans",
  "league",
  "match",
  "matches",
  "game",
  "games",
  "fixture",
  "derby",
  "championship",
  "quarterback",
  "striker",
  "midfielder",
  "goalkeeper",
  "pitcher",
  "touchdown",
  "rebounds",
  "innings",
  "halftime",
  "overtime",
  "franchise",
  "standings",
  "title",
  "cup",
  "semifinal",
  "semi-final",
  "final",
]);

/**
 * Acronyms of professional leagues, whose presence in the sentence makes a place + name a team ("the WNBA's
 * Seattle Storm").
 */
const LEAGUE_ACRONYMS = new Set([
  "NBA",
  "WNBA",
  "NFL",
  "NHL",
  "MLB",
  "MLS",
  "NWSL",
  "NASL",
  "AFL",
  "NRL",
  "CFL",
  "EPL",
]);

/**
 * Last words of a contest's own name rather than a team's: "the Tokyo Games", "the Boston Marathon", "the Dubai
 * Open". An event, not an organisation.
 */
const EVENT_TAILS = new Set([
  "games",
  "olympics",
  "paralympics",
  "marathon",
  "open",
  "classic",
  "cup",
  "championship",
  "championships",
  "derby",
  "tournament",
  "series",
  "final",
  "finals",
  "bowl",
  "trophy",
  "masters",
  "rally",
  "regatta",
  "grand",
  "prix",
  "invitational",
]);

/** A final score: "88-80", "2-1", "3–0". */
const SCORE = /^\d{1,3}[-–]\d{1,3}$/u;

/** What the team finder needs of the sentence and the gazetteer. */
export interface TeamScan {
  tokens: readonly RichToken[];
  /** Lower-case form per token. */
  lower: ArrayLike<string>;
  /** Per token: 1 when the word is capitalised. */
  capWord: Uint8Array;
  /** Whether tokens `[first, last]` are a place or country the gazetteer lists (not as a demonym). */
  isPlace: (first: number, last: number) => boolean;
  /** Whether the lower-case word heads another kind of name (an organisation or place head, a title). */
  isHead: (lower: string) => boolean;
}

/** Whether the sentence `[a, b)` speaks of a sport anywhere (nouns, a score, a league's acronym). */
function sportSentence(scan: TeamScan, a: number, b: number): boolean {
  for (let k = a; k < b; k++) {
    const t = scan.tokens[k]!.text;
    if (SPORT_NOUNS.has(scan.lower[k]!) || SCORE.test(t) || LEAGUE_ACRONYMS.has(t)) return true;
    // "3–0" split by the tokenizer into three tokens written together
    const next = scan.tokens[k + 1];
    const after = scan.tokens[k + 2];
    if (/^\d{1,3}$/u.test(t) && next && after && /^[-–]$/u.test(next.text) && /^\d{1,3}$/u.test(after.text))
      if (!next.spaceBefore && !after.spaceBefore) return true;
  }
  return false;
}

/** Whether a contest verb stands right beside the name `[first, last]` (as its subject or its object). */
function contestBeside(scan: TeamScan, first: number, last: number, a: number, b: number): boolean {
  const { lower } = scan;
  // "the Kelby Owls beat…", "the Kelby Owls have lost…"
  let k = last + 1;
  if (k < b && /^(?:have|has|had|will|would|were|was)$/.test(lower[k]!)) k++;
  if (k < b && CONTEST_VERBS.has(lower[k]!)) return true;
  // "…beat the Kelby Owls", "…lost to the Kelby Owls"
  k = first - 1;
  if (k >= a && lower[k] === "the") k--;
  if (k >= a && CONTEST_PREPOSITIONS.has(lower[k]!)) k--;
  return k >= a && CONTEST_VERBS.has(lower[k]!);
}

/**
 * Team names in the sentence `[a, b)`: a listed place of one to three words, then one or two capitalised words
 * that head no other kind of name, closed by a lower-case word or punctuation, in a sentence about a game.
 * Returns `[first, last]` token pairs.
 */
export function teamNames(scan: TeamScan, a: number, b: number): Array<[number, number]> {
  const { tokens, capWord, lower } = scan;
  const out: Array<[number, number]> = [];
  let sport: boolean | null = null;
  for (let s = a; s < b; s++) {
    if (capWord[s] !== 1 || lower[s] === "the" || (s > a && capWord[s - 1] === 1 && lower[s - 1] !== "the")) continue;
    let e = s;
    /** Words of the run: capitalised, or a hyphen written inside a capitalised name ("Saint-Germain"). */
    const joined = (k: number): boolean =>
      /^[-–]$/u.test(tokens[k]!.text) && !tokens[k]!.spaceBefore && capWord[k + 1] === 1 && !tokens[k + 1]!.spaceBefore;
    while (e + 1 < b && e + 1 - s < 6) {
      if (capWord[e + 1] === 1 && !tokens[e + 1]!.lineStart) e++;
      else if (e + 2 < b && joined(e + 1)) e += 2;
      else break;
    }
    if (e === s) continue;
    for (let p = Math.min(e - 1, s + 2); p >= s; p--) {
      let tail = 0;
      for (let k = p + 1; k <= e; k++) if (capWord[k] === 1 && !/[-–]/u.test(tokens[k - 1]!.text)) tail++;
      if (tail < 1 || tail > 2 || !scan.isPlace(s, p) || /^[-–]$/u.test(tokens[p + 1]!.text)) continue;
      // (the name goes on after a hyphen: "Paris Saint-Germain" is read whole elsewhere)
      const glued = e + 1 < b && /^[-–]$/u.test(tokens[e + 1]!.text) && !tokens[e + 1]!.spaceBefore;
      let plain = !glued && !EVENT_TAILS.has(lower[e]!);
      for (let k = p + 1; k <= e; k++)
        if (
          capWord[k] === 1 &&
          (scan.isHead(lower[k]!) || tokens[k]!.text === tokens[k]!.text.toUpperCase() || scan.isPlace(k, k))
        )
          plain = false;
      if (!plain) continue;
      sport ??= sportSentence(scan, a, b);
      if (sport || contestBeside(scan, s, e, a, b)) out.push([s, e]);
      break;
    }
    s = e;
  }
  return out;
}

/** Last words of a sports venue's name: "Heinz Field", "KeyBank Center", "Wheldon Park", "Eden Gardens". */
const VENUE_HEADS = new Set([
  "field",
  "center",
  "centre",
  "park",
  "garden",
  "gardens",
  "dome",
  "oval",
  "ground",
  "arena",
  "stadium",
  "bowl",
]);

/** Words before a venue: "at Heinz Field", "at a packed Wheldon Park", "to the sold-out Rexall Centre". */
const VENUE_PREPOSITIONS = new Set(["at", "in", "to", "from", "inside", "outside"]);

/**
 * Sports venues in the sentence `[a, b)`: a capitalised run ending in a venue head after a preposition of place (up
 * to three lower-case words between: "at a packed Wheldon Park"), in a sentence about a game. A place, even where
 * the head is also an organisation's ("KeyBank Center"). Returns `[first, last]` token pairs.
 */
export function venueNames(scan: TeamScan, a: number, b: number): Array<[number, number]> {
  const { tokens, capWord, lower } = scan;
  const out: Array<[number, number]> = [];
  let sport: boolean | null = null;
  for (let k = a; k < b; k++) {
    if (!VENUE_PREPOSITIONS.has(lower[k]!) || tokens[k]!.text !== lower[k]) continue;
    let s = k + 1;
    while (s < b && s - k <= 3 && capWord[s] !== 1 && /^[\p{Ll}-]+$/u.test(tokens[s]!.text)) s++;
    if (s >= b || capWord[s] !== 1) continue;
    let e = s;
    while (e + 1 < b && e + 1 - s < 4 && capWord[e + 1] === 1 && !tokens[e + 1]!.lineStart) e++;
    if (e === s || !VENUE_HEADS.has(lower[e]!)) continue;
    sport ??= sportSentence(scan, a, b);
    if (sport) out.push([s, e]);
    k = e;
  }
  return out;
}
