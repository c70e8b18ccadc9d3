// What text khflow accepts from people. Checked at the edge (every string of every request body, query and login),
// because PostgreSQL refuses NUL in text and lone surrogates in jsonb: such text accepted by the API used to reach a
// workflow and then poison its projection forever. Bidirectional overrides are refused because they make a title
// read differently from what it is (a classic spoofing trick in file names and audit entries).

// C0 controls except tab, line feed and carriage return; DEL and C1 controls.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI).
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
// Characters that render as nothing (zero-width space/joiners, word joiner, BOM, soft hyphen, invisible operators).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u180E]/g;

/** Why this text is refused, or null when it is acceptable. */
export function unsafeTextReason(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain NUL characters';
  if (CONTROL.test(s)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(s)) return 'must not contain unpaired surrogates (malformed UTF-16)';
  if (BIDI_CONTROL.test(s)) return 'must not contain bidirectional override characters';
  return null;
}

/** The text with invisible characters and white space removed: empty means the text shows nothing. */
export function visibleText(s: string): string {
  return s.replace(INVISIBLE, '').replace(/\s+/gu, '');
}
