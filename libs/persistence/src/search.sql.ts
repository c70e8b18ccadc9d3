// Searching Vietnamese text as people type it: with or without accents (dấu), in any case. PostgreSQL's unaccent
// extension is not assumed (embedded and managed servers differ), so both sides are folded the same way: the
// words in TypeScript, the searched columns in SQL with translate().
const ACCENTED = 'àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ';
const PLAIN = 'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd';
const FROM = ACCENTED + ACCENTED.toUpperCase() + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const TO = PLAIN + PLAIN + 'abcdefghijklmnopqrstuvwxyz';

/** A SQL text expression folded: lower case, accents removed (Vietnamese letters, đ → d). */
export function foldSql(expr: string): string {
  return `translate(${expr}, '${FROM}', '${TO}')`;
}

/** A text folded as foldSql folds a column (NFC first: stored text is NFC). */
export function foldText(s: string): string {
  const nfc = s.normalize('NFC');
  let out = '';
  for (const ch of nfc) {
    const i = FROM.indexOf(ch);
    out += i >= 0 ? TO[i] : ch.toLowerCase();
  }
  return out;
}

/** The words of a search text as ILIKE patterns over folded text (LIKE's wildcards in the text match literally). */
export function searchPatterns(q: string | null | undefined, maxWords = 10): string[] {
  if (!q) return [];
  return foldText(q)
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, maxWords)
    .map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}
