/**
 * Measures charset detectors on legacy-encoded pages written for the purpose
 * (test/fixtures/legacy-pages.ts): every sample in each encoding it is published in, plus UTF-8,
 * as an HTML page with no charset declaration. A detection counts as right when decoding with the
 * detector's answer gives back exactly the original text (gb2312 for a GB18030 page is right when
 * every character is in GB2312).
 *
 * Usage: npx tsc -p tsconfig.json && node dist/scripts/bench-encoding.js
 */
import iconv from "iconv-lite";
import jschardet from "jschardet";
import * as chardet from "chardet";
import { LEGACY_SAMPLES, samplePage } from "../test/fixtures/legacy-pages.js";
import { decodeBytes, normaliseEncodingLabel } from "../src/clean/decode.js";

type Detector = (bytes: Buffer) => string | null;

const detectors: Record<string, Detector> = {
  jschardet: (b) => jschardet.detect(b).encoding ?? null,
  chardet: (b) => chardet.detect(b),
  "dossier decodeBytes": (b) => decodeBytes(b).encoding,
};

/** Decodes with iconv-lite when it knows the label (Node's TextDecoder reads windows-1252 as Latin-1). */
function decodesBack(bytes: Buffer, label: string | null, expected: string): boolean {
  if (!label) return false;
  if (iconv.encodingExists(label)) return iconv.decode(bytes, label) === expected;
  const enc = normaliseEncodingLabel(label);
  if (!enc) return false;
  try {
    return new TextDecoder(enc).decode(bytes) === expected;
  } catch {
    return false;
  }
}

const cases: Array<{ id: string; encoding: string; bytes: Buffer; page: string }> = [];
for (const s of LEGACY_SAMPLES) {
  const page = samplePage(s, null);
  for (const enc of [...s.encodings, "utf-8"])
    cases.push({ id: s.id, encoding: enc, bytes: iconv.encode(page, enc), page });
}

for (const [name, detect] of Object.entries(detectors)) {
  let right = 0;
  const wrong: string[] = [];
  const t0 = performance.now();
  for (const c of cases) {
    const got = detect(c.bytes);
    if (decodesBack(c.bytes, got, c.page)) right++;
    else wrong.push(`${c.id}/${c.encoding}→${got}`);
  }
  const ms = performance.now() - t0;
  console.log(
    `${name}: ${right}/${cases.length} right (${((100 * right) / cases.length).toFixed(1)}%), ${(ms / cases.length).toFixed(2)} ms/page`,
  );
  if (wrong.length) console.log(`  wrong: ${wrong.join(", ")}`);
}

// Dossier's whole decision (declaration checked against the bytes, then detection) per scenario.
const WRONG_LABEL: Record<string, string> = {
  "windows-1251": "windows-1252",
  "koi8-r": "windows-1251",
  "euc-kr": "shift_jis",
  shift_jis: "euc-kr",
  "euc-jp": "windows-1252",
  gb18030: "euc-kr",
  big5: "windows-1252",
  "iso-8859-2": "koi8-r",
  "windows-1252": "windows-1251",
  "iso-8859-7": "windows-1252",
};
const scenarios: Record<
  string,
  (s: (typeof LEGACY_SAMPLES)[number], enc: string) => { bytes: Buffer; page: string; contentType?: string }
> = {
  "no declaration": (s, enc) => ({ page: samplePage(s, null), bytes: iconv.encode(samplePage(s, null), enc) }),
  "right <meta>": (s, enc) => ({ page: samplePage(s, enc), bytes: iconv.encode(samplePage(s, enc), enc) }),
  "wrong <meta>": (s, enc) => ({
    page: samplePage(s, WRONG_LABEL[enc]),
    bytes: iconv.encode(samplePage(s, WRONG_LABEL[enc]), enc),
  }),
  "wrong HTTP charset": (s, enc) => ({
    page: samplePage(s, null),
    bytes: iconv.encode(samplePage(s, null), enc),
    contentType: `text/html; charset=${WRONG_LABEL[enc]}`,
  }),
  "legacy bytes labelled utf-8": (s, enc) => ({
    page: samplePage(s, "utf-8"),
    bytes: iconv.encode(samplePage(s, "utf-8"), enc),
  }),
  "UTF-8 bytes with a legacy label": (s, enc) => ({
    page: samplePage(s, enc),
    bytes: Buffer.from(samplePage(s, enc), "utf8"),
  }),
};
let all = 0;
let allRight = 0;
for (const [name, make] of Object.entries(scenarios)) {
  let right = 0;
  let n = 0;
  const wrong: string[] = [];
  for (const s of LEGACY_SAMPLES) {
    for (const enc of s.encodings) {
      const c = make(s, enc);
      const r = decodeBytes(c.bytes, { contentType: c.contentType });
      n++;
      if (r.text === c.page) right++;
      else wrong.push(`${s.id}/${enc}→${r.encoding}`);
    }
  }
  all += n;
  allRight += right;
  console.log(`decodeBytes, ${name}: ${right}/${n}${wrong.length ? `  wrong: ${wrong.join(", ")}` : ""}`);
}
console.log(`decodeBytes, all scenarios: ${allRight}/${all} (${((100 * allRight) / all).toFixed(1)}%)`);
