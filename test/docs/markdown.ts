/** Fenced code blocks of a markdown page, for the tests that run the docs. */
export interface Block {
  /** The info string's first word (`sh`, `json`, `ts`, or "" for a plain block). */
  lang: string;
  /** The info string's second word, a file name (```json pm.json). */
  file: string | undefined;
  code: string;
  /** The page text between the previous block and this one. */
  before: string;
}

export function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  let last = 0;
  for (const m of markdown.matchAll(/^ *```([^\n]*)\n([\s\S]*?)^ *```/gm)) {
    const [lang, file] = m[1].trim().split(/\s+/);
    out.push({ lang: lang ?? "", file, code: m[2], before: markdown.slice(last, m.index) });
    last = m.index + m[0].length;
  }
  return out;
}

/** Splits a command line into words; '…' and "…" quote (no escapes are used in the docs). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

/** A block is illustrative when the text just before it says so (the marker or the word). */
export function isIllustrative(b: Block): boolean {
  return /illustrative/i.test(b.before.slice(-400));
}
