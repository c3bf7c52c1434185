/**
 * Verb frames: for each verb of a sentence, its subject phrase, its object-side words (objects,
 * particles, prepositional phrases) in text order, and its voice. Built from the dependency parse
 * when the language layer filled `Token.head`/`Token.dep`, else from a shallow reading of the
 * part-of-speech tags (noun groups before and after the verb, clause boundaries at punctuation,
 * conjunctions and relative pronouns), so that coding works before and after the parser lands.
 */
import type { Token } from "../../model/pipeline.js";

/** A half-open range of token indices `[start, end)` into the document's token array. */
export interface TokenRange {
  start: number;
  end: number;
}

export interface VerbFrame {
  /** Token index of the verb. */
  verb: number;
  /** Verb base form (lower case). */
  base: string;
  passive: boolean;
  /** Subject noun phrases (coordinated subjects give several). Empty when none is found. */
  subjects: TokenRange[];
  /** Token indices on the subject side of the clause (before the verb), in text order. */
  pre: number[];
  /** Token indices on the object side (objects, particles, prepositional phrases), in text order. */
  post: number[];
  /** True when the verb is the complement of another verb ("agreed to withdraw", "accused … of shelling"). */
  complement: boolean;
  /** Token index of the verb this one is the complement of, or -1. */
  governor: number;
  /** Token indices of auxiliaries and adverbs governing the verb (will, could, not, never…). */
  auxiliaries: number[];
  /** Token range of the clause. */
  clause: TokenRange;
}

/** Most tokens looked at on either side of a verb: patterns are short, and run-on text stays linear. */
const MAX_SIDE = 24;
const NOMINAL = new Set(["NOUN", "PROPN", "PRON", "NUM"]);
const NP_INNER = new Set(["NOUN", "PROPN", "ADJ", "DET", "NUM", "PRON"]);
const AUX_LIKE = new Set(["AUX", "ADV", "PART"]);
const BE = new Set(["be", "is", "are", "was", "were", "been", "being", "get", "got", "gets", "gotten"]);
const CLAUSE_WORDS = new Set([
  "which",
  "who",
  "whom",
  "whose",
  "where",
  "while",
  "whereas",
  "because",
  "although",
  "though",
  "when",
  "after",
  "before",
  "since",
  "unless",
  "if",
  "as",
  "until",
]);
const REPORT_WORDS = new Set(["said", "says", "say", "told", "added", "stated", "according"]);
const HARD_STOP = /^[;:—–()"“”«»[\]]$/u;
const IRREGULAR_PARTICIPLES =
  /^(?:held|met|made|struck|shot|given|sent|brought|taken|seen|found|killed|caught|hit|beaten|stolen|thrown|told|built|sold|bought|put|set|led|fought|won|lost|kept|left|hurt|cut|shut|spent|paid|read|sworn|withdrawn|overthrown|driven|beaten|frozen|chosen|forbidden|written|spoken|broken|torn|shaken|bitten|hidden|ridden|known|shown|drawn|grown|thrown|blown|flown|sworn|born|borne|worn)$/iu;

/** Base form of a verb token: the lemma, else the dictionary's irregular form table, else the text. */
export function verbBase(token: Token, forms: Record<string, string>, known?: Record<string, unknown>): string {
  const text = token.text.toLowerCase();
  if (forms[text]) return forms[text]!;
  const lemma = (token.lemma || text).toLowerCase();
  if (!known || known[lemma]) return lemma;
  // A repeated act is the act: "reimposed" → impose, "reopened" → open.
  if (/^re[a-z]{3,}/u.test(lemma) && known[lemma.slice(2)]) return lemma.slice(2);
  // The lemmatiser can miss ("fined" → "fin"): try the regular inflections of the surface form.
  for (const [suffix, repl] of [
    ["ied", "y"],
    ["ies", "y"],
    ["ed", "e"],
    ["ed", ""],
    ["ing", "e"],
    ["ing", ""],
    ["es", ""],
    ["s", ""],
  ] as const) {
    if (!text.endsWith(suffix)) continue;
    const stem = text.slice(0, -suffix.length) + repl;
    if (known[stem]) return stem;
    if (repl === "" && /([b-df-hj-np-tv-z])\1$/u.test(stem) && known[stem.slice(0, -1)]) return stem.slice(0, -1);
  }
  return lemma;
}

function isVerb(t: Token): boolean {
  return t.pos === "VERB";
}

/** Is the participle used as an adjective ("the detained activist", "wounded soldiers")? */
function attributive(tokens: Token[], i: number, start: number, end: number): boolean {
  const prev = i > start ? tokens[i - 1]! : null;
  const next = i + 1 < end ? tokens[i + 1]! : null;
  if (!next || !(next.pos === "NOUN" || next.pos === "PROPN" || next.pos === "ADJ")) return false;
  if (!/(?:ed|en)$/iu.test(tokens[i]!.text) && !/ing$/iu.test(tokens[i]!.text)) return false;
  return (
    !prev ||
    prev.pos === "DET" ||
    prev.pos === "ADJ" ||
    prev.pos === "ADP" ||
    prev.pos === "NUM" ||
    prev.pos === "PUNCT" ||
    prev.pos === "CCONJ" ||
    /['’]s$/u.test(prev.text)
  );
}

/** A clause-opening token: hard punctuation, a subordinating word, a reporting verb, or ", and/but". */
function opensClause(tokens: Token[], i: number): boolean {
  const t = tokens[i]!;
  const low = t.text.toLowerCase();
  if (HARD_STOP.test(t.text)) return true;
  if (
    CLAUSE_WORDS.has(low) &&
    (t.pos === "SCONJ" || t.pos === "PRON" || t.pos === "ADV" || t.pos === "DET" || t.pos === "ADP")
  ) {
    // "as" and "after"/"before" as prepositions before a noun group are no clause ("after talks").
    if ((low === "as" || low === "after" || low === "before" || low === "since" || low === "until") && t.pos === "ADP")
      return false;
    return true;
  }
  if (low === "that" && (t.pos === "SCONJ" || t.pos === "PRON")) return true;
  if (t.pos === "CCONJ" && i > 0 && tokens[i - 1]!.text === ",") return true;
  return false;
}

/**
 * Frames of the verbs in tokens `[start, end)` of one sentence.
 * @param tokens the document's tokens
 * @param forms irregular verb form → base (from the dictionary)
 * @param known verb bases the dictionary codes (for lemma repair)
 * @param names token indices inside a recognised name ("Kuwait", "Chad"): the tagger can call a
 *   capitalised name at the start of a sentence a verb; such a token is no verb, and it is the subject
 *   of the verb right after it
 */
export function verbFrames(
  tokens: Token[],
  start: number,
  end: number,
  forms: Record<string, string>,
  known?: Record<string, unknown>,
  names?: ReadonlySet<number>,
): VerbFrame[] {
  const parsed =
    end > start && tokens.slice(start, end).every((t) => typeof t.head === "number" && typeof t.dep === "string");
  const frames = parsed
    ? parsedFrames(tokens, start, end, forms, names ?? new Set())
    : shallowFrames(tokens, start, end, forms, names ?? new Set());
  if (known) for (const f of frames) f.base = verbBase(tokens[f.verb]!, forms, known);
  return frames;
}

// ---------------------------------------------------------------------------------------------
// shallow frames (no parse)

function shallowFrames(
  tokens: Token[],
  start: number,
  end: number,
  forms: Record<string, string>,
  names: ReadonlySet<number>,
): VerbFrame[] {
  const frames: VerbFrame[] = [];
  // Clause starts: sentence start and every clause-opening token.
  const verbs: number[] = [];
  for (let i = start; i < end; i++)
    if (isVerb(tokens[i]!) && !names.has(i) && !attributive(tokens, i, start, end)) verbs.push(i);
  let previousSubjects: TokenRange[] = [];
  let previous: VerbFrame | null = null;
  for (let k = 0; k < verbs.length; k++) {
    const v = verbs[k]!;
    // Clause start: after the last opener between the previous verb's clause and this verb.
    let cs = start;
    for (let i = v - 1; i >= start; i--) {
      if (opensClause(tokens, i)) {
        cs = i + 1;
        break;
      }
    }
    // Clause end: the next opener, or the next verb that has its own subject (a noun group right before it).
    let ce = end;
    for (let i = v + 1; i < end; i++) {
      const t = tokens[i]!;
      if (opensClause(tokens, i) || REPORT_WORDS.has(t.text.toLowerCase())) {
        ce = i;
        break;
      }
      if (isVerb(t) && !names.has(i) && !attributive(tokens, i, start, end)) {
        const prev = tokens[i - 1]!;
        const complementVerb =
          prev.text.toLowerCase() === "to" || prev.pos === "ADP" || prev.pos === "AUX" || /ing$/iu.test(t.text);
        if (!complementVerb) {
          ce = i;
          // The noun group right before the next verb is its subject, not our object.
          let j = i - 1;
          while (j > v && (tokens[j]!.pos === "ADV" || tokens[j]!.pos === "AUX")) j--;
          if (NOMINAL.has(tokens[j]!.pos)) {
            while (j > v + 1 && NP_INNER.has(tokens[j - 1]!.pos)) j--;
            ce = Math.max(v + 1, j);
          }
          break;
        }
      }
    }
    const auxiliaries: number[] = [];
    let j = v - 1;
    while (j >= cs && (AUX_LIKE.has(tokens[j]!.pos) || BE.has(tokens[j]!.text.toLowerCase()))) {
      auxiliaries.push(j);
      j--;
    }
    const passive =
      auxiliaries.some((a) => BE.has(tokens[a]!.text.toLowerCase())) &&
      (/(?:ed|en)$/iu.test(tokens[v]!.text) || IRREGULAR_PARTICIPLES.test(tokens[v]!.text));
    const prevTok = v > start ? tokens[v - 1]! : null;
    const toBefore = prevTok?.text.toLowerCase() === "to";
    const gerundAfterPrep = prevTok?.pos === "ADP" && /ing$/iu.test(tokens[v]!.text);
    const complement = (toBefore || gerundAfterPrep) && previous !== null && previous.clause.end >= v - 1;
    let subjects = complement && previous ? previous.subjects : subjectsBefore(tokens, cs, j + 1);
    if (subjects.length === 0) {
      const named = nameBefore(tokens, v, cs, names);
      if (named) subjects = [named];
    }
    // "…, and later arrested", "arrested … and charged": a coordinated verb shares the previous subject.
    if (
      subjects.length === 0 &&
      previous &&
      (/^(?:and|but|or|then)$/iu.test(tokens[Math.max(start, v - 1 - auxiliaries.length)]?.text ?? "") ||
        prevTok?.pos === "CCONJ")
    )
      subjects = previousSubjects;
    // "…, arresting dozens": a participle after a comma shares the sentence subject.
    if (subjects.length === 0 && previous && /ing$/iu.test(tokens[v]!.text) && tokens[v - 1]?.text === ",")
      subjects = previousSubjects;
    const post: number[] = [];
    for (let i = v + 1; i < Math.min(ce, v + 1 + MAX_SIDE); i++) post.push(i);
    const pre: number[] = [];
    for (let i = Math.max(cs, v - MAX_SIDE); i < v; i++) pre.push(i);
    const frame: VerbFrame = {
      verb: v,
      base: verbBase(tokens[v]!, forms),
      passive,
      subjects,
      pre,
      post,
      complement,
      governor: complement && previous ? previous.verb : -1,
      auxiliaries: auxiliaries.reverse(),
      clause: { start: cs, end: ce },
    };
    frames.push(frame);
    if (!complement) previous = frame;
    if (subjects.length > 0) previousSubjects = subjects;
    else if (!previous) previous = frame;
  }
  return frames;
}

/** Noun groups of the subject, right to left from `to`: "Police in Lagos", "Kenya and Uganda". */
function subjectsBefore(tokens: Token[], from: number, to: number): TokenRange[] {
  let i = to - 1;
  // Skip a comma-enclosed apposition or adverbial right before the verb ("X, a rights group, said").
  if (i >= from && tokens[i]!.text === ",") {
    let k = i - 1;
    while (k >= from && tokens[k]!.text !== ",") k--;
    if (k >= from) i = k - 1;
  }
  while (i >= from && !NOMINAL.has(tokens[i]!.pos)) {
    if (tokens[i]!.pos === "VERB" || HARD_STOP.test(tokens[i]!.text)) return [];
    i--;
  }
  if (i < from) return [];
  const groups: TokenRange[] = [];
  let end = i + 1;
  let s = i;
  while (
    s - 1 >= from &&
    (NP_INNER.has(tokens[s - 1]!.pos) || /^['’]s?$/u.test(tokens[s - 1]!.text) || tokens[s - 1]!.text === "-")
  )
    s--;
  // A prepositional modifier ("in Lagos", "of workers") belongs to a head noun further left.
  while (
    s - 2 >= from &&
    tokens[s - 1]!.pos === "ADP" &&
    /^(?:in|of|from|at|for|near|across|outside|inside|on)$/iu.test(tokens[s - 1]!.text) &&
    NOMINAL.has(tokens[s - 2]!.pos)
  ) {
    s -= 2;
    while (s - 1 >= from && (NP_INNER.has(tokens[s - 1]!.pos) || /^['’]s?$/u.test(tokens[s - 1]!.text))) s--;
  }
  groups.push({ start: s, end });
  // Coordination: "Kenya and Uganda", "police, soldiers and militia".
  while (
    s - 2 >= from &&
    (tokens[s - 1]!.pos === "CCONJ" || tokens[s - 1]!.text === ",") &&
    NOMINAL.has(tokens[s - 2]!.pos)
  ) {
    end = s - 1;
    s = s - 2;
    while (s - 1 >= from && (NP_INNER.has(tokens[s - 1]!.pos) || /^['’]s?$/u.test(tokens[s - 1]!.text))) s--;
    groups.unshift({ start: s, end });
  }
  return groups;
}

// ---------------------------------------------------------------------------------------------
// parsed frames

const EXCLUDED_FROM_POST = new Set([
  "conj",
  "parataxis",
  "advcl",
  "ccomp",
  "punct",
  "cc",
  "mark",
  "aux",
  "aux:pass",
  "cop",
  "nsubj",
  "nsubj:pass",
  "csubj",
  "csubj:pass",
  "discourse",
  "vocative",
  "acl:relcl",
  "expl",
]);
const COMPLEMENT_DEPS = new Set(["xcomp", "advcl", "acl"]);

/**
 * A name the tagger took for a verb or auxiliary, right before verb `v` ("Kuwait sent …"): the run of
 * name tokens ending at `v - 1` (with its determiner), as the verb's subject.
 */
function nameBefore(tokens: Token[], v: number, start: number, names: ReadonlySet<number>): TokenRange | null {
  if (v - 1 < start || !names.has(v - 1) || NOMINAL.has(tokens[v - 1]!.pos)) return null;
  let s = v - 1;
  while (s - 1 >= start && names.has(s - 1)) s--;
  if (s - 1 >= start && tokens[s - 1]!.pos === "DET") s--;
  return { start: s, end: v };
}

/** Words after verb `v` up to the end of its clause (punctuation, a subordinator or another verb). */
function linearPost(tokens: Token[], v: number, end: number): number[] {
  const out: number[] = [];
  for (let i = v + 1; i < end && out.length < MAX_SIDE; i++) {
    const t = tokens[i]!;
    if (t.pos === "PUNCT" || t.pos === "SCONJ" || (isVerb(t) && t.dep !== "amod")) break;
    out.push(i);
  }
  return out;
}

/** A participle the parse hangs on the noun right after it ("met striking workers"): an adjective. */
function participleModifier(tokens: Token[], v: number, end: number): boolean {
  const t = tokens[v]!;
  const next = v + 1 < end ? tokens[v + 1]! : null;
  return (
    !!next &&
    (next.pos === "NOUN" || next.pos === "PROPN") &&
    t.head === v + 1 &&
    /(?:ing|ed|en)$/iu.test(t.text) &&
    t.dep !== "acl" &&
    !/^(?:nsubj|obj|iobj)/u.test(next.dep ?? "")
  );
}

function parsedFrames(
  tokens: Token[],
  start: number,
  end: number,
  forms: Record<string, string>,
  names: ReadonlySet<number>,
): VerbFrame[] {
  const children = new Map<number, number[]>();
  for (let i = start; i < end; i++) {
    const h = tokens[i]!.head!;
    if (h >= start && h < end && h !== i) (children.get(h) ?? children.set(h, []).get(h)!).push(i);
  }
  const subtree = (root: number, skip: (child: number) => boolean): number[] => {
    const out: number[] = [root];
    const stack = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      for (const c of children.get(n) ?? []) {
        if (skip(c)) continue;
        out.push(c);
        stack.push(c);
      }
    }
    return out.sort((a, b) => a - b);
  };
  const rangeOf = (root: number): TokenRange => {
    const all = subtree(root, (c) => {
      const d = tokens[c]!.dep!;
      return d === "acl:relcl" || d === "punct" || d === "parataxis" || d === "appos";
    });
    return { start: all[0]!, end: all[all.length - 1]! + 1 };
  };
  const subjectsOf = (v: number): { subjects: TokenRange[]; passive: boolean } => {
    const kids = children.get(v) ?? [];
    const subj = kids.find((c) => /^(?:nsubj|csubj)/u.test(tokens[c]!.dep!));
    if (subj === undefined) {
      const named = nameBefore(tokens, v, start, names);
      return { subjects: named ? [named] : [], passive: kids.some((c) => tokens[c]!.dep === "aux:pass") };
    }
    // A parse can cut the subject short ("Two | aid workers were kidnapped"): nominal words left
    // between it and the verb's auxiliaries belong to it.
    const r = rangeOf(subj);
    for (const other of kids)
      if (other !== subj && other < v && /^nsubj/u.test(tokens[other]!.dep!)) {
        const o = rangeOf(other);
        r.start = Math.min(r.start, o.start);
        r.end = Math.max(r.end, o.end);
      }
    while (r.end < v && r.end > subj && NP_INNER.has(tokens[r.end]!.pos) && tokens[r.end]!.head !== v) r.end++;
    const groups = [r];
    const passive = /:pass$/u.test(tokens[subj]!.dep!) || kids.some((c) => tokens[c]!.dep === "aux:pass");
    return { subjects: groups, passive };
  };
  const frames: VerbFrame[] = [];
  for (let v = start; v < end; v++) {
    const t = tokens[v]!;
    // After a name taken for a verb the parse is off: the real verb may hang as a modifier ("Chile sent …").
    const afterMistakenName = nameBefore(tokens, v, start, names) !== null;
    if (!isVerb(t) || names.has(v)) continue;
    // "Government troops shelled rebel positions" parsed with "shelled" as an adjective of "positions":
    // a past form right after a subject noun is that subject's verb.
    const afterSubject =
      t.dep === "amod" && v > start && /^nsubj/u.test(tokens[v - 1]!.dep ?? "") && /ed$/iu.test(t.text);
    if (!afterMistakenName && !afterSubject && (t.dep === "amod" || participleModifier(tokens, v, end))) continue;
    let { subjects, passive } = subjectsOf(v);
    if (afterSubject && subjects.length === 0) {
      const r = rangeOf(v - 1);
      subjects = [{ start: r.start, end: Math.min(r.end, v) }];
    }
    let governor = -1;
    let complement = false;
    if (subjects.length === 0) {
      // Controlled or coordinated verbs take the subject of their head verb; a participle modifying
      // a noun ("protesters demanding …") takes that noun.
      let h = t.head!;
      const dep = t.dep!;
      if ((dep === "conj" || COMPLEMENT_DEPS.has(dep)) && h >= start && h < end) {
        if (COMPLEMENT_DEPS.has(dep) && dep !== "acl" && isVerb(tokens[h]!)) {
          complement = true;
          governor = h;
        }
        // The noun with its modifiers up to the verb: "Hundreds of lawyers protested" (a parse that
        // hangs the verb on "Hundreds") keeps "of lawyers".
        // "freed 17 soldiers captured in March": a past participle after an object noun is passive, the
        // noun its patient (after a subject or a root noun it is more often a misparsed main verb).
        if (
          dep === "acl" &&
          NOMINAL.has(tokens[h]!.pos) &&
          h < v &&
          /^(?:obj|iobj|obl|nmod)/u.test(tokens[h]!.dep ?? "")
        )
          passive ||= /(?:ed|en)$/iu.test(t.text) || IRREGULAR_PARTICIPLES.test(t.text);
        if (dep === "acl" && NOMINAL.has(tokens[h]!.pos))
          subjects = [rangeOf(h)].map((r) => ({
            start: r.start,
            end: h < v ? Math.max(h + 1, Math.min(r.end, v)) : h + 1,
          }));
        else {
          for (let hops = 0; hops < 3 && subjects.length === 0 && h >= start && h < end; hops++) {
            subjects = subjectsOf(h).subjects;
            h = tokens[h]!.head!;
          }
        }
      }
    } else if (t.dep === "xcomp" || (t.dep === "advcl" && /ing$/iu.test(t.text))) {
      complement = true;
      governor = t.head!;
    }
    const kids = children.get(v) ?? [];
    const auxiliaries = kids.filter(
      (c) =>
        c < v &&
        (tokens[c]!.dep === "aux" ||
          tokens[c]!.dep === "aux:pass" ||
          tokens[c]!.dep === "advmod" ||
          tokens[c]!.text.toLowerCase() === "not" ||
          tokens[c]!.text.toLowerCase() === "n't"),
    );
    const region = subtree(
      v,
      (c) => EXCLUDED_FROM_POST.has(tokens[c]!.dep!) || (tokens[c]!.pos === "VERB" && tokens[c]!.dep === "conj"),
    );
    let post = region.filter((i) => i > v).slice(0, MAX_SIDE);
    // A broken parse can leave the verb without dependents although words follow it ("donated fuel
    // worth 20 million dollars to …" hung on the wrong head): read them in order up to the clause's end.
    if (post.length === 0 && !kids.some((c) => c > v && tokens[c]!.pos !== "PUNCT")) post = linearPost(tokens, v, end);
    const pre = region.filter((i) => i < v).slice(-MAX_SIDE);
    for (const s of subjects) for (let i = s.start; i < s.end; i++) if (i < v && !pre.includes(i)) pre.push(i);
    pre.sort((a, b) => a - b);
    const all = [...pre, v, ...post];
    frames.push({
      verb: v,
      base: verbBase(t, forms),
      passive,
      subjects,
      pre,
      post,
      complement,
      governor,
      auxiliaries,
      clause: { start: Math.min(...all), end: Math.max(...all) + 1 },
    });
  }
  return frames;
}
