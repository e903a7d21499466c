/** Characters around which the formatter adds or removes a space: `{ "a": 1 }` and `{"a":1}` run the same. */
const PUNCTUATION = new Set(["{", "}", "[", "]", "(", ")", ",", ":", "="]);

/**
 * A definition's text (see `stepDefinition`, whitespace runs already made
 * one space) with the spaces next to punctuation left out, outside string
 * literals: what `momoflow fmt` and the editor's formatting change (`{A: "b"}`
 * ↔ `{ A: "b" }`, `log(message:"x")` ↔ `log(message: "x")`) then leaves the
 * text, and so its digest, as it was. Inside `"…"` and `"""…"""` nothing
 * more changes: there a space next to a `:` is the value's.
 */
export function withoutSpacingAroundPunctuation(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (
      c === " " &&
      (PUNCTUATION.has(out[out.length - 1] ?? "") || PUNCTUATION.has(text[i + 1] ?? ""))
    ) {
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Where the string literal opening at `start` ends (after its closing quote; the text's end when none). */
function stringEnd(text: string, start: number): number {
  if (text.startsWith('"""', start)) {
    const close = text.indexOf('"""', start + 3);
    return close < 0 ? text.length : close + 3;
  }
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}
