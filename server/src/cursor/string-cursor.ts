/**
 * Where the cursor is inside a string that is still open before it: in a
 * `${...}` interpolation (and which reference segments are written there),
 * right after a `$` that could start one, or in plain text.
 */

/** The cursor's place in a string. */
export type StringCursor =
  /** Inside `${`: the complete segments before the one being typed (`${steps.bu` → `["steps"]`). */
  | { kind: "interpolation"; segments: string[] }
  /** Right after an unescaped `$`. */
  | { kind: "dollar" }
  /** Anywhere else in the string; `text` is its content up to the cursor. */
  | { kind: "text"; text: string };

const REFERENCE_PREFIX = /^(?:[A-Za-z_][A-Za-z0-9_]*\.)*[A-Za-z0-9_]*$/;

/** Reads `image`, a string token cut at the cursor (quotes included, no closing quote). */
export function stringCursor(image: string): StringCursor | undefined {
  const quotes = image.startsWith('"""') ? 3 : 1;
  const content = image.slice(quotes);
  let open = -1;
  let i = 0;
  while (i < content.length) {
    const character = content[i];
    if (character === "\\") {
      i += 2;
    } else if (character === "$" && content[i + 1] === "{") {
      const close = content.indexOf("}", i + 2);
      if (close < 0) {
        open = i;
        break;
      }
      i = close + 1;
    } else {
      i++;
    }
  }
  if (open >= 0) {
    const written = content.slice(open + 2).replace(/^[ \t]+/, "");
    if (!REFERENCE_PREFIX.test(written)) return undefined;
    return { kind: "interpolation", segments: written.split(".").slice(0, -1) };
  }
  if (content.endsWith("$") && !escaped(content, content.length - 1)) return { kind: "dollar" };
  return { kind: "text", text: content };
}

/** Whether the character at `index` follows an odd number of backslashes. */
function escaped(text: string, index: number): boolean {
  let count = 0;
  for (let i = index - 1; i >= 0 && text[i] === "\\"; i--) count++;
  return count % 2 === 1;
}
