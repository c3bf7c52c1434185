/** XML text helpers shared by the XML exports. */

// XML 1.0 allows TAB, LF, CR and U+0020.. except surrogates (paired ones are fine) and U+FFFE/FFFF.
const INVALID_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escapes text for an XML attribute or element, dropping characters XML 1.0 cannot carry (control
 * characters, lone surrogates) instead of producing a file no parser accepts.
 * @example xmlEscape('a < "b" & c') // 'a &lt; &quot;b&quot; &amp; c'
 */
export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#13;")
    .replace(/\n/g, "&#10;")
    .replace(/\t/g, "&#9;");
}
