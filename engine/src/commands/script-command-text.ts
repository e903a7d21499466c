/**
 * Finding a command of a bash script among its lines from the text bash
 * gives for it (`$BASH_COMMAND`: as written, values in, spaces its own).
 */

/**
 * The one line (1-based) among `lines` from `from` to `to` (1-based, both
 * in; all by default) that holds `command` as bash prints it, spaces aside,
 * as a whole command (not `exit 3` in `exit 33`); undefined when no line or
 * several do.
 */
export function onlyLineHolding(
  lines: string[],
  command: string,
  from = 1,
  to = lines.length,
): number | undefined {
  const wanted = spacesAside(command);
  if (wanted === "") return undefined;
  const found: number[] = [];
  for (let line = Math.max(from, 1); line <= Math.min(to, lines.length); line++) {
    if (holdsCommand(lines[line - 1]!, command)) found.push(line);
  }
  return found.length === 1 ? found[0] : undefined;
}

/**
 * The one line from `from` to `to` (1-based) on which a command starts with
 * the word `name` (see {@link calls}); undefined when none or several do.
 */
export function onlyLineCalling(
  lines: string[],
  name: string,
  from: number,
  to: number,
): number | undefined {
  const found: number[] = [];
  for (let line = from; line <= to; line++)
    if (calls(lines[line - 1] ?? "", name)) found.push(line);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Whether a command on line `text` starts with the word `name`: at the
 * line's start, or after `;`, `&`, `|`, `(`, `!`, `{`, a backquote, `then`,
 * `do` or `else`.
 */
export function calls(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?:^|[;&|({!\`]|\\b(?:then|do|else)\\b)\\s*${escaped}(?=\\s|$|[;&|)])`).test(
    text,
  );
}

/** Whether `text` holds `command` (as bash prints it, spaces aside) as a whole command. */
export function holdsCommand(text: string, command: string): boolean {
  const wanted = spacesAside(command);
  if (wanted === "") return false;
  const written = spacesAside(text);
  for (let at = written.indexOf(wanted); at >= 0; at = written.indexOf(wanted, at + 1)) {
    const before = at === 0 ? "" : written[at - 1]!;
    const after = written[at + wanted.length] ?? "";
    if (/^[\s;&|({!]?$/.test(before) && /^[\s;&|)}#]?$/.test(after)) return true;
  }
  return false;
}

/** `text` with runs of spaces made one and none around redirections, as bash prints a command. */
export function spacesAside(text: string): string {
  return (
    text
      .trim()
      .replace(/\s+/g, " ")
      .replace(/ ?(\d*[<>]+&?) ?/g, "$1")
      // bash prints `>&2` as `1>&2` and `<x` as `0<x`.
      .replace(/(?<![\w$])1>/g, ">")
      .replace(/(?<![\w$])0</g, "<")
  );
}

/** The command whose last line is `end` (1-based): its first line and its lines joined. */
export function commandAt(lines: string[], end: number): { line: number; text: string } {
  // bash gives a command continued with `\` the number of its last line: it starts higher up.
  let line = end;
  while (line > 1 && continues(lines[line - 2]!)) line--;
  const text = lines
    .slice(line - 1, end)
    .map((part, i, all) => (i < all.length - 1 ? part.replace(/\\$/, "") : part).trim())
    .filter((part) => part !== "")
    .join(" ");
  return { line, text };
}

/**
 * The line (1-based) that opens the parentheses closed by the end of line
 * `end`: counting `(` and `)` up from it until they balance (a `$(`, a `(`
 * on a line of its own). Undefined when they never do. A rough count (a
 * parenthesis in quotes or a comment counts too): a caller checks what it
 * finds in the lines.
 */
export function openingLine(lines: string[], end: number): number | undefined {
  let open = 0;
  for (let line = end; line >= 1; line--) {
    for (const char of lines[line - 1]!) {
      if (char === ")") open++;
      else if (char === "(") open--;
    }
    if (open <= 0) return open === 0 ? line : undefined;
  }
  return undefined;
}

/** Whether a line ends with a `\` that continues it on the next (an odd number of them). */
function continues(line: string): boolean {
  const backslashes = /\\*$/.exec(line)![0].length;
  return backslashes % 2 === 1;
}
