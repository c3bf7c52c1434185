/**
 * Date strings as pages write them → `YYYY-MM-DD` or ISO 8601 with the time and offset *as written*.
 * No time-zone conversion: `2023-10-19T23:30-04:00` stays on the 19th (htmldate's pitfall, see
 * ../shared/notes/body-extraction.md). Every date must fall in a plausible window: not before 1995,
 * not after tomorrow (relative to `now`).
 */

/** A date found in a page. */
export interface FoundDate {
  /** `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS][±HH:MM|Z]`. */
  value: string;
  /** `YYYY-MM-DD`. */
  day: string;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  janvier: 1,
  januar: 1,
  enero: 1,
  gennaio: 1,
  janeiro: 1,
  января: 1,
  январь: 1,
  feb: 2,
  february: 2,
  février: 2,
  fevrier: 2,
  februar: 2,
  febrero: 2,
  febbraio: 2,
  fevereiro: 2,
  февраля: 2,
  февраль: 2,
  mar: 3,
  march: 3,
  mars: 3,
  märz: 3,
  marz: 3,
  marzo: 3,
  março: 3,
  marco: 3,
  марта: 3,
  март: 3,
  apr: 4,
  april: 4,
  avril: 4,
  abril: 4,
  aprile: 4,
  апреля: 4,
  апрель: 4,
  may: 5,
  mai: 5,
  mayo: 5,
  maggio: 5,
  maio: 5,
  мая: 5,
  май: 5,
  jun: 6,
  june: 6,
  juin: 6,
  juni: 6,
  junio: 6,
  giugno: 6,
  junho: 6,
  июня: 6,
  июнь: 6,
  jul: 7,
  july: 7,
  juillet: 7,
  juli: 7,
  julio: 7,
  luglio: 7,
  julho: 7,
  июля: 7,
  июль: 7,
  aug: 8,
  august: 8,
  août: 8,
  aout: 8,
  agosto: 8,
  августа: 8,
  август: 8,
  sep: 9,
  sept: 9,
  september: 9,
  septembre: 9,
  septiembre: 9,
  settembre: 9,
  setembro: 9,
  сентября: 9,
  сентябрь: 9,
  oct: 10,
  october: 10,
  octobre: 10,
  oktober: 10,
  octubre: 10,
  ottobre: 10,
  outubro: 10,
  октября: 10,
  октябрь: 10,
  nov: 11,
  november: 11,
  novembre: 11,
  noviembre: 11,
  novembro: 11,
  ноября: 11,
  ноябрь: 11,
  dec: 12,
  december: 12,
  décembre: 12,
  decembre: 12,
  dezember: 12,
  diciembre: 12,
  dicembre: 12,
  dezembro: 12,
  декабря: 12,
  декабрь: 12,
  // Arabic (Egyptian/Gulf and Levantine names)
  يناير: 1,
  "كانون الثاني": 1,
  فبراير: 2,
  شباط: 2,
  مارس: 3,
  آذار: 3,
  أبريل: 4,
  ابريل: 4,
  إبريل: 4,
  نيسان: 4,
  مايو: 5,
  أيار: 5,
  يونيو: 6,
  حزيران: 6,
  يوليو: 7,
  تموز: 7,
  أغسطس: 8,
  اغسطس: 8,
  آب: 8,
  سبتمبر: 9,
  أيلول: 9,
  أكتوبر: 10,
  اكتوبر: 10,
  "تشرين الأول": 10,
  نوفمبر: 11,
  "تشرين الثاني": 11,
  ديسمبر: 12,
  "كانون الأول": 12,
};
const MONTH_NAMES = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|");

const pad = (n: number) => String(n).padStart(2, "0");

/** True when y-m-d is a real calendar day inside the plausible window. */
export function plausibleDay(y: number, m: number, d: number, now: Date = new Date()): boolean {
  if (!(y >= 1995 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return false;
  const t = Date.UTC(y, m - 1, d);
  const check = new Date(t);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== m - 1) return false;
  return t <= now.getTime() + 36 * 3600 * 1000;
}

function day(y: number, m: number, d: number): string {
  return `${y}-${pad(m)}-${pad(d)}`;
}

function normaliseOffset(off: string | undefined): string {
  if (!off) return "";
  if (off === "Z" || off === "z") return "Z";
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(off);
  return m ? `${m[1]}${m[2]}:${m[3] ?? "00"}` : "";
}

const ISO_RE =
  /(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2}(?!\d))?)?/i;
const COMPACT_RE = /(?<!\d)(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(?!\d)/;
const SLASH_YMD_RE = /(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)/;
const DMY_NUM_RE = /(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)/;
const NAMED_MDY_RE = new RegExp(`\\b(${MONTH_NAMES})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, "iu");
const NAMED_DMY_RE = new RegExp(
  `(?<!\\d)(\\d{1,2})(?:st|nd|rd|th|er|\\.|º)?\\s+(?:de\\s+)?(?:[^\\s\\d/]{2,12}\\s*/\\s*)?(${MONTH_NAMES})\\.?,?\\s+(?:de\\s+)?(\\d{4})\\b`,
  "iu",
);
/** East Asian forms: 2020年7月12日, 2020년 3월 4일, 2020. 03. 04. */
const CJK_RE = /(?<!\d)(\d{4})\s*(?:年|년|\.)\s*(\d{1,2})\s*(?:月|월|\.)\s*(\d{1,2})(?:\s*(?:日|일))?(?!\d)/u;
const TIME_AFTER_RE = /^[,\s]*(?:at\s+|um\s+|à\s+|a las\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?/i;

/**
 * Parses one date string as a page writes it (metadata values, `datetime` attributes, URL parts, text).
 * Returns null when no plausible full day is present.
 * @example parseDate("2023-10-19T23:30-04:00") // { value: "2023-10-19T23:30-04:00", day: "2023-10-19" }
 */
export function parseDate(raw: string | null | undefined, now: Date = new Date()): FoundDate | null {
  if (!raw) return null;
  const s = raw.trim().slice(0, 300);
  if (!s) return null;
  let m = ISO_RE.exec(s);
  if (m) {
    const y = +m[1],
      mo = +m[2],
      d = +m[3];
    if (plausibleDay(y, mo, d, now)) {
      const base = day(y, mo, d);
      if (m[4] !== undefined && +m[4] < 24) {
        const time = `${pad(+m[4])}:${m[5]}${m[6] ? `:${m[6]}` : ""}`;
        return { value: `${base}T${time}${normaliseOffset(m[7])}`, day: base };
      }
      return { value: base, day: base };
    }
  }
  m = NAMED_MDY_RE.exec(s);
  if (m) {
    const mo = MONTHS[m[1].toLowerCase()],
      d = +m[2],
      y = +m[3];
    if (mo && plausibleDay(y, mo, d, now)) return { value: day(y, mo, d), day: day(y, mo, d) };
  }
  m = NAMED_DMY_RE.exec(s);
  if (m) {
    const d = +m[1],
      mo = MONTHS[m[2].toLowerCase()],
      y = +m[3];
    if (mo && plausibleDay(y, mo, d, now)) return { value: day(y, mo, d), day: day(y, mo, d) };
  }
  m = CJK_RE.exec(s);
  if (m && plausibleDay(+m[1], +m[2], +m[3], now))
    return { value: day(+m[1], +m[2], +m[3]), day: day(+m[1], +m[2], +m[3]) };
  m = SLASH_YMD_RE.exec(s);
  if (m && plausibleDay(+m[1], +m[2], +m[3], now))
    return { value: day(+m[1], +m[2], +m[3]), day: day(+m[1], +m[2], +m[3]) };
  m = DMY_NUM_RE.exec(s);
  if (m) {
    const a = +m[1],
      b = +m[3],
      y = +m[4];
    // Day-first unless that is impossible (13th month) and month-first is possible.
    if (b <= 12 && plausibleDay(y, b, a, now) && !(m[2] === "/" && a <= 12 && /^\s*[A-Z][a-z]{2},/.test(s)))
      return { value: day(y, b, a), day: day(y, b, a) };
    if (a <= 12 && plausibleDay(y, a, b, now)) return { value: day(y, a, b), day: day(y, a, b) };
  }
  m = COMPACT_RE.exec(s);
  if (m && plausibleDay(+m[1], +m[2], +m[3], now))
    return { value: day(+m[1], +m[2], +m[3]), day: day(+m[1], +m[2], +m[3]) };
  // Epoch seconds or milliseconds (some CMS meta tags).
  if (/^\d{10}(\d{3})?$/.test(s)) {
    const ms = s.length === 13 ? +s : +s * 1000;
    const dt = new Date(ms);
    const y = dt.getUTCFullYear(),
      mo = dt.getUTCMonth() + 1,
      d = dt.getUTCDate();
    if (plausibleDay(y, mo, d, now)) return { value: day(y, mo, d), day: day(y, mo, d) };
  }
  return null;
}

/**
 * A publish day encoded in a URL path: `/2023/10/21/`, `/2023-10-21/`, `/20231020/`, `-20191115/`.
 * Month-only paths (`/2023/10/`) give nothing: the day would be a guess.
 */
export function dateFromUrl(url: string | null | undefined, now: Date = new Date()): FoundDate | null {
  if (!url) return null;
  let path: string;
  try {
    const u = new URL(url);
    path = u.pathname + (u.search ?? "");
  } catch {
    // Not an absolute URL: read it as a path.
    path = url;
  }
  let m = /(?:^|[/_-])((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:[/_.-]|$)/.exec(path);
  if (m && plausibleDay(+m[1], +m[2], +m[3], now))
    return { value: day(+m[1], +m[2], +m[3]), day: day(+m[1], +m[2], +m[3]) };
  m = /(?:^|[/_-])((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$|\d{0,6}(?:[/_.-]|$))/.exec(path);
  if (m && plausibleDay(+m[1], +m[2], +m[3], now))
    return { value: day(+m[1], +m[2], +m[3]), day: day(+m[1], +m[2], +m[3]) };
  return null;
}

/**
 * Every full date written in a text, in order of appearance, with its index. Used for the text
 * fallback (htmldate's "extensive" mode picks among these).
 */
export function datesInText(text: string, limit = 200, now: Date = new Date()): Array<FoundDate & { index: number }> {
  const out: Array<FoundDate & { index: number }> = [];
  const patterns = [
    new RegExp(ISO_RE.source, "gi"),
    new RegExp(NAMED_MDY_RE.source, "giu"),
    new RegExp(NAMED_DMY_RE.source, "giu"),
    new RegExp(SLASH_YMD_RE.source, "g"),
    new RegExp(CJK_RE.source, "gu"),
    new RegExp(DMY_NUM_RE.source, "g"),
  ];
  for (const re of patterns) {
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) && out.length < limit) {
      const f = parseDate(m[0], now);
      if (f) {
        let value = f.value;
        if (!value.includes("T")) {
          const t = TIME_AFTER_RE.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 30));
          if (t) {
            let h = +t[1];
            const ap = (t[4] ?? "").toLowerCase().replace(/\./g, "");
            if (ap === "pm" && h < 12) h += 12;
            if (ap === "am" && h === 12) h = 0;
            if (h < 24) value = `${f.day}T${pad(h)}:${t[2]}${t[3] ? `:${t[3]}` : ""}`;
          }
        }
        out.push({ value, day: f.day, index: m.index });
      }
    }
  }
  out.sort((a, b) => a.index - b.index);
  // Two patterns can match the same spot ("2020.07.12"): keep one per position.
  return out.filter((d, i) => i === 0 || d.index !== out[i - 1].index);
}
