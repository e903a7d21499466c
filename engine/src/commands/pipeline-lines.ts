/**
 * The lines a pipeline written over several lines spans: stages joined by a
 * `|` at a line's end, and compound commands among them (`while … done`,
 * `if … fi`, `{ … }`, `( … )`). bash gives a failed pipeline the line of
 * whichever simple command of it ran last in the shell itself, which may
 * hold none of the stage that failed.
 */

/** First and last line (1-based) of a pipeline over several lines. */
export interface PipelineLines {
  from: number;
  to: number;
}

/**
 * The pipeline over several lines that line `line` (1-based) is part of;
 * undefined when the command on it is no such pipeline. A rough reading of
 * the lines (keywords and brackets counted outside quotes and comments), for
 * where to look and what to quote: a caller checks what it finds there.
 */
export function pipelineLines(lines: readonly string[], line: number): PipelineLines | undefined {
  if (line < 1 || line > lines.length) return undefined;
  let from = line;
  for (;;) {
    from = compoundStart(lines, from) ?? from;
    if (from > 1 && endsWithPipe(lines[from - 2]!)) from--;
    else break;
  }
  let to = line;
  for (;;) {
    to = compoundEnd(lines, to) ?? to;
    if (to < lines.length && endsWithPipe(lines[to - 1]!)) to++;
    else break;
  }
  if (from === to) return undefined;
  // Its stages are joined by a `|` ending a line, or one on its first, last or own line
  // (`done | cat`): a `|` only within it (`$( … | … )`) makes no pipeline of it.
  const joined = [from, to, line].some((at) => /(?<!\|)\|(?!\|)/.test(code(lines[at - 1]!)));
  const continued = lines.slice(from - 1, to - 1).some(endsWithPipe);
  return joined || continued ? { from, to } : undefined;
}

/** Whether a line ends with a pipe `|` (not `||`): the pipeline goes on below. */
function endsWithPipe(text: string): boolean {
  return /(?<!\|)\|\s*$/.test(code(text));
}

/**
 * The line that opens the compound command a line closes (`done`, `fi`,
 * `esac`, `}` or `)` first on it); undefined when it closes none.
 */
function compoundStart(lines: readonly string[], line: number): number | undefined {
  if (!/^\s*(?:done|fi|esac|\}|\))/.test(code(lines[line - 1]!))) return undefined;
  let depth = 0;
  for (let at = line; at >= 1; at--) {
    depth += depthChange(lines[at - 1]!);
    if (depth >= 0 && at < line) return at;
  }
  return undefined;
}

/** The line that closes a compound command a line opens and leaves open; undefined when none. */
function compoundEnd(lines: readonly string[], line: number): number | undefined {
  let depth = 0;
  for (let at = line; at <= lines.length; at++) {
    depth += depthChange(lines[at - 1]!);
    if (depth <= 0) return at === line ? undefined : at;
  }
  return undefined;
}

/** How many compound commands a line opens, less those it closes. */
function depthChange(text: string): number {
  const words = code(text);
  const opened = (words.match(/\b(?:do|if|case)\b|[{(]/g) ?? []).length;
  const closed = (words.match(/\b(?:done|fi|esac)\b|[})]/g) ?? []).length;
  return opened - closed;
}

/** A line without what is quoted in it and its comment. */
function code(text: string): string {
  return text.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, "''").replace(/(^|\s)#.*$/, "$1");
}
