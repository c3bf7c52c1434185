/**
 * Trigger and cue lexicons for the rule-based extractors. Kept in code (not JSON) so the compiler
 * checks every PLOVER type and relation type named here.
 *
 * Decisions behind the mapping are in docs/decisions/030-extraction-rules.md: signing and ratifying
 * map to SUPPORT (PLOVER manual), promises, intent and accepted invitations to AGREE, visits, talks
 * and calls to CONSULT with a mode, arms and aid transfers to AID.
 */
import type { PloverType, RelationType } from "../model/records.js";

/** One event trigger: a regular expression over words (case-insensitive, whole words). */
export interface TriggerEntry {
  /** Regex source; compiled with word boundaries and the `iu` flags. */
  pattern: string;
  type: PloverType;
  /** PLOVER mode (CONSULT: visit/phone/multilateral/meeting; ACCUSE: allege…). */
  mode: string | null;
  /** Verb phrase used in the one-line summary ("visited", "held talks with"). */
  verb: string;
  /** True for nouns ("visit", "talks"): their actor may be a possessive or an earlier subject. */
  nominal: boolean;
}

const t = (pattern: string, type: PloverType, mode: string | null, verb: string, nominal = false): TriggerEntry => ({
  pattern,
  type,
  mode,
  verb,
  nominal,
});

/** Event triggers, longest and most specific first (the first match at a position wins). */
export const EVENT_TRIGGERS: readonly TriggerEntry[] = [
  // CONSULT
  t("(?:held|holds|hold|holding)\\s+(?:\\w+\\s+){0,3}talks", "CONSULT", "meeting", "held talks with"),
  t("(?:phone|telephone)\\s+(?:call|conversation|talks)", "CONSULT", "phone", "spoke by phone with", true),
  t("spoke\\s+(?:by|on\\s+the)\\s+(?:tele)?phone", "CONSULT", "phone", "spoke by phone with"),
  t("(?:visited|visits|visiting)", "CONSULT", "visit", "visited"),
  t("visit(?:ed)?\\s+(?:to|in)", "CONSULT", "visit", "visited", true),
  t("(?:state|official|formal|working|recent|brief|first)\\s+visit", "CONSULT", "visit", "visited", true),
  t("(?:trip|journey|tour)\\s+to", "CONSULT", "visit", "travelled to", true),
  t("(?:travel(?:l)?ed|travel|flew|came|arrived|went|landed)\\s+(?:to|in)", "CONSULT", "visit", "travelled to"),
  t("(?:met|meets)\\s+with", "CONSULT", "meeting", "met"),
  t("meetings?\\s+with", "CONSULT", "meeting", "met", true),
  t("met", "CONSULT", "meeting", "met"),
  t("visit", "CONSULT", "visit", "visited", true),
  t("summit", "CONSULT", "multilateral", "held a summit with", true),
  t("talks\\s+with", "CONSULT", "meeting", "held talks with", true),
  t(
    "(?:their|bilateral|high-level|five-hour|the)\\s+(?:\\w+\\s+)?talks",
    "CONSULT",
    "meeting",
    "held talks with",
    true,
  ),
  t("(?:negotiated|negotiating|negotiations)", "CONSULT", "meeting", "negotiated with"),
  t("discussed", "CONSULT", "meeting", "discussed with"),
  // AGREE (verbal cooperation: promises, intent, invitations accepted)
  t("accepted\\s+(?:\\S+\\s+){0,3}invitation", "AGREE", null, "accepted an invitation from"),
  t("(?:agreed|agrees)\\s+(?:to|on|upon)", "AGREE", null, "agreed with"),
  t("(?:vowed|vows|pledged|pledges|promised|promises)", "AGREE", null, "pledged"),
  t("(?:expressed|expresses)\\s+(?:\\w+\\s+){0,2}(?:hope|readiness|willingness)", "AGREE", null, "expressed readiness"),
  t("(?:offered|offers)\\s+to", "AGREE", null, "offered"),
  // SUPPORT (PLOVER: signing and ratifying an agreement, declared support)
  // "signs" is left out: as a noun ("signs of recovery") it is far more common than the verb.
  t("(?:signed|signing|ratified|ratifies|ratifying)", "SUPPORT", "sign", "signed"),
  t(
    "(?:expressed|expresses|voiced)\\s+(?:its\\s+|his\\s+|her\\s+)?(?:solidarity|full\\s+support|support)",
    "SUPPORT",
    null,
    "expressed support for",
  ),
  t(
    "(?:has|have|had|concluded|concludes)\\s+(?:an?\\s+|the\\s+)?(?:[\\w-]+\\s+){0,3}(?:agreement|treaty|pact|accord)\\s+with",
    "SUPPORT",
    "sign",
    "is party to an agreement with",
  ),
  t("(?:1[89]|20)\\d\\d\\s+(?:[\\w-]+\\s+){0,3}(?:treaty|agreement|pact|accord)", "SUPPORT", "sign", "signed", true),
  // COOPERATE (material cooperation)
  t(
    "joint\\s+(?:military\\s+)?(?:exercises|drills|manoeuvres|maneuvers|patrols)",
    "COOPERATE",
    "military",
    "held joint exercises with",
    true,
  ),
  t("(?:cooperate|cooperates|cooperated|cooperating)\\s+with", "COOPERATE", null, "cooperated with"),
  t(
    "(?:launched|launches|launching|began|begun|expand|deepen|deepened|strengthen|strengthened|strengthening)\\s+(?:\\w+\\s+){0,3}(?:cooperation|ties|partnership)",
    "COOPERATE",
    null,
    "expanded cooperation with",
  ),
  // AID (arms, money, humanitarian)
  t(
    "(?:supplied|supplies|supply|supplying|delivered|delivers|deliver|delivering|shipped|ships|transferred|provided|provides|provide|sent|sends|send)\\s+(?:\\w+\\s+){0,4}(?:shells|ammunition|munitions|weapons|arms|missiles|rockets|artillery|aid|assistance|containers|oil|fuel(?!\\s+(?:efficiency|economy|consumption))|food|grain|equipment)",
    "AID",
    null,
    "supplied",
  ),
  t(
    "(?:deliveries|delivery|shipments?|transfers?|supplies)\\s+of\\s+(?:\\w+\\s+){0,2}(?:shells|ammunition|munitions|weapons|arms|missiles|artillery)",
    "AID",
    null,
    "delivered arms to",
    true,
  ),
  t("(?:help|helps|helped|helping)\\s+(?:\\S+\\s+){0,4}(?:develop|build|launch)", "AID", null, "helped"),
  // SANCTION
  t(
    "(?:imposed|imposes|impose|imposing|introduced|slapped)\\s+(?:new\\s+|fresh\\s+|further\\s+)?sanctions",
    "SANCTION",
    null,
    "imposed sanctions on",
  ),
  t("sanctioned", "SANCTION", null, "sanctioned"),
  t("expelled", "SANCTION", null, "expelled"),
  // THREATEN
  t("(?:threatened|threatens|threatening)", "THREATEN", null, "threatened"),
  // "warned that it would retaliate" threatens; "warned that prices could rise" forecasts (no event).
  t("(?:warned|warns)(?!\\s+that\\s+(?!(?:it|they|we|he|she|I)\\b))", "THREATEN", null, "warned"),
  t("issued\\s+(?:\\w+\\s+){0,2}warning", "THREATEN", null, "issued a warning to"),
  // ACCUSE
  t("(?:accused|accuses|accuse|accusing)", "ACCUSE", "allege", "accused"),
  t(
    "(?:condemned|condemns|denounced|denounces|criticized|criticised|criticizes|criticises)",
    "ACCUSE",
    null,
    "condemned",
  ),
  // REJECT (incl. deny)
  t("(?:denied|denies|deny|denying)", "REJECT", "deny", "denied"),
  t("(?:dismissed|dismisses|dismissing|rejected|rejects|rejecting|refuted)", "REJECT", "deny", "dismissed"),
  t("(?:refused|refuses)\\s+to", "REJECT", null, "refused"),
  // PLOVER: REJECT includes a veto ("France vetoed the draft", "blocked a motion").
  t(
    "(?:vetoed|vetoes|vetoing|veto)(?=\\s+(?:\\S+\\s+){0,4}(?:resolution|draft|renewal|extension|mandate|motion|bill|sanctions))|(?:vetoed|vetoes)|(?:blocked|blocks|blocking)(?=\\s+(?:\\S+\\s+){0,4}(?:resolution|draft|renewal|extension|mandate))",
    "REJECT",
    "veto",
    "vetoed",
  ),
  // MOBILIZE
  t(
    "(?:test-fired|fired|launched|launches)\\s+(?:\\w+\\s+){0,3}(?:missiles?|rockets?|satellites?)",
    "MOBILIZE",
    "launch",
    "launched",
  ),
  t("(?:nuclear|missile)\\s+tests?", "MOBILIZE", "test", "conducted a weapons test", true),
  t("(?:deployed|deploys|mobilized|mobilised)", "MOBILIZE", null, "deployed"),
  // ASSAULT
  t("(?:attacked|invaded|bombed|shelled|struck)", "ASSAULT", null, "attacked"),
  t(
    "(?:invasion\\s+of|attacks?\\s+on|war\\s+(?:on|against)|aggression\\s+against|strikes?\\s+on)",
    "ASSAULT",
    null,
    "attacked",
    true,
  ),
  t("liberated", "ASSAULT", "historical-war", "liberated"),
];

/** Reporting verbs that introduce quotes and indirect speech (GGT's list plus denied, recalled, called…). */
export const CUE_VERBS: readonly string[] = [
  "said",
  "says",
  "say",
  "told",
  "tells",
  "tell",
  "added",
  "adds",
  "noted",
  "notes",
  "stated",
  "states",
  "explained",
  "explains",
  "wrote",
  "writes",
  "recalled",
  "recalls",
  "called",
  "calls",
  "denied",
  "denies",
  "claimed",
  "claims",
  "insisted",
  "insists",
  "warned",
  "warns",
  "argued",
  "argues",
  "believes",
  "believed",
  "stressed",
  "stresses",
  "emphasized",
  "emphasised",
  "remarked",
  "remarks",
  "acknowledged",
  "acknowledges",
  "declared",
  "declares",
  "announced",
  "announces",
  "asked",
  "asks",
  "replied",
  "replies",
  "answered",
  "suggested",
  "suggests",
  "commented",
  "comments",
  "observed",
  "observes",
  "continued",
  "concluded",
  "summarised",
  "summarized",
  "characterized",
  "characterised",
  "described",
  "vowed",
  "pledged",
  "promised",
  "threatened",
  "confirmed",
  "confirms",
  "mentioned",
  "mentions",
  "pointed",
  "underlined",
  "underscored",
  "admitted",
  "admits",
  "cautioned",
  "predicted",
  "reiterated",
  "tweeted",
  "posted",
  "raised",
  "raises",
  "expressed",
  "urged",
  "urges",
  "described",
  "dismissed",
  "rejected",
  "alleged",
  "alleges",
  "reported",
  "reports",
  "informed",
  "informs",
  "thinks",
  "thought",
  "feels",
  "contended",
  "maintained",
  "maintains",
  "agreed",
  "agrees",
];

/** Cue verbs that carry a denial. */
export const DENY_CUES =
  /\b(?:denied|denies|deny|denying|dismissed|dismisses|dismissing|rejected|rejects|rejecting|refuted|refutes|refuting|rebuffed)\b|\bcalled\s+(?:\w+\s+){0,3}(?:rumou?rs?|lies|fake|false|baseless|groundless|fabrications?|nonsense|speculation)\b|\b(?:baseless|groundless|unfounded)\b|\bno\s+such\b|\b(?:these|those|such|the)\s+(?:statements?|claims?|reports?|allegations?|accusations?)\s+(?:as\s+)?(?:rumou?rs?|lies|fake|false|baseless|nonsense|speculation|fabrications?)\b/i;

/** Phrases that undo a denial ("did not deny") or are non-answers ("declined to comment"). */
export const NOT_A_DENIAL =
  /\b(?:did\s+not|didn['’]t|does\s+not|doesn['’]t|do\s+not|don['’]t|would\s+not|wouldn['’]t|never|not)\s+(?:\w+\s+)?(?:deny|denied|dismiss|reject|refute)\b/i;
export const NON_ANSWER =
  /\b(?:declined|refused|would\s+not|wouldn['’]t)\s+to\s+comment\b|\bno\s+comment\b|\bdid\s+not\s+(?:immediately\s+)?respond\b/i;

/** Markers that the text relays an allegation rather than stating a fact. */
export const ALLEGATION_MARKERS =
  /\b(?:allegedly|alleged|reportedly|purportedly|supposedly|rumou?rs?|accus(?:e|es|ed|ing|ations?)|claim|claimed|according\s+to)\b/i;

/** Words of transfer: an arms object only makes an AID proposition next to one of them. */
export const TRANSFER_WORDS =
  /\b(?:suppl(?:y|ies|ied|ying)|deliver(?:y|ies|ed|ing|s)?|provid(?:e|es|ed|ing)|ship(?:s|ped|ping|ments?)?|sen(?:d|ds|t|ding)|transfer(?:s|red|ring)?|sell(?:s|ing)?|sold|sales?|bu(?:y|ys|ying|ought)|purchas(?:e|es|ed|ing)|acquir(?:e|es|ed|ing)|obtain(?:s|ed|ing)?|deals?|pact|exports?|imports?|mov(?:e|es|ed|ing)|receiv(?:e|es|ed|ing)|help|aid)\b/i;

/** Assertion cues: an actor states the proposition. */
export const ASSERT_CUES =
  /\b(?:says?|said|saying|claims?|claimed|insists?|insisted|asserts?|asserted|alleges?|alleged|accus(?:e|es|ed|ing)|charged|blam(?:e|es|ed)|confirms?|confirmed|maintains?|maintained|argues?|argued|believes?|believed|declares?|declared|warns?|warned|reports?|reported)\b/i;

/**
 * Claim objects come from the event dictionary's synonym sets (see ./coding/objects.ts), not from a
 * list of topics: any transferable thing the CAMEO sets name (weapons, aircraft, warships, troops,
 * food, peacekeepers) can be the object of a claim.
 */

/** Areas of cooperation or conflict for relations: keyword pattern → relation type. */
export const RELATION_AREAS: ReadonlyArray<{ pattern: RegExp; type: RelationType }> = [
  { pattern: /\bmilitary[-\s]technical\b/i, type: "military-technical" },
  {
    pattern:
      /\b(?:military|army|defen[cs]e|armed\s+forces|security)\s+(?:cooperation|ties|assistance|aid|alliance|pact|partnership|exercises|drills)\b|\b(?:arms|weapons|ammunition|munitions|artillery)\b|\bmutual\s+(?:military\s+)?(?:aid|defen[cs]e)\b/i,
    type: "military",
  },
  {
    pattern:
      /\b(?:economic|economy|trade|trading|commerce|commercial|financial|investment|mining|infrastructure|industrial|agricultur(?:e|al)|business)\b/i,
    type: "economic",
  },
  {
    pattern: /\b(?:energy|power\s+grids?|electricity|gas\s+pipelines?|pipelines?|oil|fuel|power\s+shortages?)\b/i,
    type: "energy",
  },
  { pattern: /\b(?:labou?r(?:\s+migration)?|(?:guest\s+)?workers|employed|employment)\b/i, type: "labour" },
  // Specific words only: "student visas" of workers or a "study" are no educational cooperation.
  {
    pattern: /\b(?:education|educational|universit(?:y|ies)|academic\s+exchanges?|student\s+exchanges?)\b/i,
    type: "education",
  },
  {
    pattern: /\b(?:transport|railway|rail|railroad|bridge|roads?|ports?|logistics|aviation|flights?)\b/i,
    type: "transport",
  },
  {
    pattern: /\b(?:political|diplomatic|diplomacy|strategic\s+partnership|foreign\s+polic(?:y|ies))\b/i,
    type: "political",
  },
  { pattern: /\b(?:space|satellites?|cosmodrome|rocket\s+technology|roscosmos)\b/i, type: "space" },
  { pattern: /\b(?:science|scientific|technolog(?:y|ical)|research)\b/i, type: "science" },
  { pattern: /\b(?:health|healthcare|medical|medicine)\b/i, type: "health" },
  { pattern: /\b(?:culture|cultural)\b/i, type: "culture" },
];

/** Words saying the sentence is about cooperation between the actors it names. */
export const COOPERATION_CONTEXT =
  /\b(?:cooperat(?:e|ion|ing|ed)|partnership|ties|relations(?:hip)?|exchanges?|trade|agreements?|treaty|pact|projects?|help(?:s|ed|ing)?|assist(?:ance)?|suppl(?:y|ies|ied)|deliver(?:y|ies|ed)?|joint|together|bilateral|segment|track|sector|collaborat(?:e|ion)|engag(?:e|ing|ement)|employ(?:ed)?|invest(?:ment)?|build|bridge|study)\b/i;

/** Words saying the sentence is about conflict between the actors it names. */
export const CONFLICT_CONTEXT =
  /\b(?:war|warfare|invasion|invaded|attack(?:s|ed)?|sanctions?|tensions?|hostil(?:e|ity)|enem(?:y|ies)|threat(?:s|ened)?|conflict|confront(?:ation)?|aggress(?:ion|or))\b/i;

/** Enumeration openers that mark tracks of cooperation ("First, the economic segment."). */
export const ENUMERATION_ITEM =
  /^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?|finally|lastly|another\s+(?:important\s+)?(?:track|area|aspect|project|direction)|the\s+(?:first|second|third|fourth|fifth|next|last|final)\s+(?:track|area|aspect|direction|pillar|segment)\b)\b/i;

/** Roles words that let a nominal ("the Russian top diplomat") find the person holding the office. */
export const ROLE_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  diplomat: [
    "foreign minister",
    "minister of foreign affairs",
    "secretary of state",
    "ambassador",
    "diplomat",
    "international minister",
  ],
  minister: ["minister"],
  leader: ["leader", "president", "chairman", "head of state", "supreme leader", "prime minister"],
  president: ["president"],
  chairman: ["chairman"],
  spokesman: ["spokesman", "spokesperson", "spokeswoman", "press secretary"],
  spokesperson: ["spokesman", "spokesperson", "spokeswoman", "press secretary"],
  spokeswoman: ["spokesman", "spokesperson", "spokeswoman", "press secretary"],
  expert: ["expert", "analyst", "researcher", "fellow", "professor", "lecturer", "journalist", "specialist"],
  specialist: ["expert", "analyst", "researcher", "specialist"],
  // Machine-spun text renders "the expert" as "the skilled" (see data/spin-lexicon.json).
  skilled: ["expert", "analyst", "researcher", "specialist"],
  analyst: ["analyst", "expert", "researcher"],
  researcher: ["researcher", "fellow", "expert"],
  professor: ["professor"],
  official: ["official", "minister", "spokesman", "adviser", "advisor"],
  chief: ["chief", "head", "minister", "director"],
  head: ["head", "chief", "minister", "director"],
  envoy: ["envoy", "ambassador", "representative"],
  general: ["general", "commander"],
};
