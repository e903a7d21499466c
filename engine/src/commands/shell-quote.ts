/**
 * Quoting of values for `/bin/sh`, and interpolation of `${ref}` into shell
 * scripts (language.md §5: interpolated values are shell-quoted, so a value
 * can never inject shell syntax).
 */

/** A piece of a shell template: literal script text, or a reference to substitute. */
export type ShellTemplatePart = { text: string } | { ref: string };

/** Returns the value of a reference (`name`, `steps.build.output`, `env.HOME`, ...). */
export type ShellLookup = (ref: string) => unknown;

// Words made only of these need no quotes; keeps logged scripts readable.
// `=` is left out so a value can never turn into an assignment; `~`, `{`, `*` etc. expand.
const SAFE_WORD = /^[A-Za-z0-9_@%+:,./-]+$/;
const REFERENCE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$/;

/**
 * Quotes a value as shell words, POSIX single-quote style: `it's` → `'it'\''s'`.
 * A list becomes one quoted word per element, separated by spaces (an empty
 * list, no word); numbers and bools are written as text; null and undefined as
 * `''`; maps as JSON.
 */
export function shellQuote(value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => quoteWord(shellText(item))).join(" ");
  return quoteWord(shellText(value));
}

/** The text a value stands for in a script (lists: elements separated by spaces). */
export function shellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  if (Array.isArray(value)) return value.map(shellText).join(" ");
  return JSON.stringify(value);
}

function quoteWord(text: string): string {
  return SAFE_WORD.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Splits a template into text and references. `${ref}` is a reference (exactly
 * one name, optionally dotted: `${steps.build.output}`); `\$` is a literal
 * dollar sign. Every other character, backslashes included, is script text.
 *
 * @throws Error for an unterminated `${` or an interpolation that is not a reference.
 */
export function parseShellTemplate(template: string): ShellTemplatePart[] {
  const parts: ShellTemplatePart[] = [];
  let text = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === "\\" && template[i + 1] === "$") {
      text += "$";
      i++;
    } else if (c === "$" && template[i + 1] === "{") {
      const end = template.indexOf("}", i + 2);
      if (end < 0) throw new Error(`unterminated "\${" in shell template at offset ${i}`);
      const ref = template.slice(i + 2, end).trim();
      if (!REFERENCE.test(ref)) {
        throw new Error(
          `"\${${template.slice(i + 2, end)}}" is not a reference: an interpolation holds one name, ` +
            `like \${name} or \${steps.build.output} (write \\\${ for a literal "\${")`,
        );
      }
      if (text) parts.push({ text });
      text = "";
      parts.push({ ref });
      i = end;
    } else {
      text += c;
    }
  }
  if (text) parts.push({ text });
  return parts;
}

/** The references of a template, in order of appearance. */
export function shellTemplateRefs(template: string | readonly ShellTemplatePart[]): string[] {
  const parts = typeof template === "string" ? parseShellTemplate(template) : template;
  return parts.flatMap((part) => ("ref" in part ? [part.ref] : []));
}

/**
 * Builds a script from a template, substituting each `${ref}` with its value
 * quoted for where it stands: as quoted words outside quotes, escaped inside
 * `"..."` and here-documents, spliced into `'...'`, as words inside `$(...)`
 * and backquotes. So `x; touch pwned $(touch p2)` always arrives as literal text.
 *
 * @param template a template string (see {@link parseShellTemplate}) or its parts.
 * @param lookup gives the value of a reference; undefined is an error.
 * @throws Error for an unknown reference or a value that cannot be placed safely.
 */
export function interpolateShell(
  template: string | readonly ShellTemplatePart[],
  lookup: ShellLookup,
): string {
  const parts = typeof template === "string" ? parseShellTemplate(template) : template;
  const lexer = new ShellContextTracker();
  for (const part of parts) {
    if ("text" in part) {
      lexer.text(part.text);
    } else {
      const value = lookup(part.ref);
      if (value === undefined) throw new Error(`no value for "\${${part.ref}}"`);
      lexer.value(part.ref, value);
    }
  }
  return lexer.result();
}

type PlainFrame = {
  kind: "plain";
  /** What ends it when nested: the `)` of `$(`, or a backquote. */
  close?: ")" | "`";
  /** Inside `$((...))`, where `<<` is a shift, not a here-document. */
  arithmetic: boolean;
  /** Open `(` inside this frame. */
  parens: number;
  /** Open `case ... esac` (whose patterns end with a bare `)`). */
  cases: number;
  /** The next word is in command position (where `case` and `esac` are keywords). */
  commandStart: boolean;
};

type HeredocFrame = {
  kind: "heredoc";
  delimiter: string;
  stripTabs: boolean;
  /** `<<'EOF'`: the body is literal. */
  quoted: boolean;
  line: string;
  lineHasValue: boolean;
};

type Frame =
  PlainFrame | { kind: "single" } | { kind: "double" } | { kind: "comment" } | HeredocFrame;

type PendingHeredoc = Pick<HeredocFrame, "delimiter" | "stripTabs" | "quoted">;

const HEREDOC_OPERATOR = /^<<(-?)[ \t]*((?:[^\s;&|()<>'"\\]|\\.|'[^']*'|"(?:[^"\\]|\\.)*")+)/;
const WORD_BOUNDARY = /[\s;&|()<>]/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;
/** Reserved words after which a command follows. */
const COMMAND_PREFIXES = new Set(["then", "do", "else", "elif", "if", "while", "until", "time"]);

/**
 * Follows the quoting state of a POSIX shell script as text is appended, so a
 * value can be quoted for the place it lands in. A lexer, not a parser: it
 * knows quotes, `$(...)`, backquotes, comments, here-documents and enough of
 * `case` to tell a pattern's `)` from the end of a `$(`.
 */
class ShellContextTracker {
  private readonly stack: Frame[] = [plainFrame()];
  private readonly pending: PendingHeredoc[] = [];
  private out = "";
  /** The last character of the script so far (to find word starts). */
  private prev = "\n";
  /** The last text ended with a backslash that escapes what follows. */
  private escapeNext = false;

  result(): string {
    return this.out;
  }

  text(text: string): void {
    for (let i = 0; i < text.length; i++) i = this.step(text, i);
  }

  value(ref: string, value: unknown): void {
    if (this.escapeNext) {
      throw new Error(`"\${${ref}}" follows a backslash in the script; remove the backslash`);
    }
    const frame = this.top();
    let text: string;
    switch (frame.kind) {
      case "plain":
        frame.commandStart = false;
        text = shellQuote(value);
        break;
      case "comment":
        // A newline would end the comment and run the rest of the value.
        text = shellQuote(value).replace(/[\r\n]/g, " ");
        break;
      case "single":
        text = shellText(value).replace(/'/g, `'\\''`);
        break;
      case "double":
        text = shellText(value).replace(/[\\"$`]/g, "\\$&");
        break;
      case "heredoc": {
        const raw = shellText(value);
        text = frame.quoted ? raw : raw.replace(/[\\$`]/g, "\\$&");
        text.split("\n").forEach((line, index) => {
          if (index > 0) this.endHeredocLine(frame, ref);
          frame.line += line;
          frame.lineHasValue = true;
        });
        break;
      }
    }
    // Inside backquotes the shell first undoes \\ \$ \` once per level, then parses.
    for (const outer of this.stack) {
      if (outer.kind === "plain" && outer.close === "`") text = text.replace(/[\\$`]/g, "\\$&");
    }
    this.append(text);
  }

  /** Takes the character at `i` (and maybe more); returns the index of the last one taken. */
  private step(text: string, i: number): number {
    const c = text[i]!;
    if (this.escapeNext) {
      this.escapeNext = false;
      this.append(c);
      return i;
    }
    const frame = this.top();
    switch (frame.kind) {
      case "plain":
        return this.plain(frame, text, i);
      case "single":
        if (c === "'") this.stack.pop();
        break;
      case "double":
        if (c === "\\") this.escapeNext = true;
        else if (c === '"') this.stack.pop();
        else if (c === "`") this.stack.push(plainFrame("`"));
        else if (c === "$" && text[i + 1] === "(") return this.openDollarParen(text, i);
        break;
      case "comment":
        if (c === "\n") {
          this.stack.pop();
          this.append(c);
          this.startHeredoc();
          return i;
        }
        break;
      case "heredoc":
        if (c === "\n") {
          this.append(c);
          this.endHeredocLine(frame);
          return i;
        }
        frame.line += c;
        if (!frame.quoted) {
          if (c === "\\") this.escapeNext = true;
          else if (c === "`") this.stack.push(plainFrame("`"));
          else if (c === "$" && text[i + 1] === "(") return this.openDollarParen(text, i);
        }
        break;
    }
    this.append(c);
    return i;
  }

  private plain(frame: PlainFrame, text: string, i: number): number {
    const c = text[i]!;
    const wordStart = WORD_BOUNDARY.test(this.prev);
    if (wordStart && WORD.test(c)) {
      const word = WORD.exec(text.slice(i))![0];
      const after = text[i + word.length];
      const whole = after === undefined || WORD_BOUNDARY.test(after);
      if (whole && frame.commandStart) {
        if (word === "case") frame.cases++;
        else if (word === "esac" && frame.cases > 0) frame.cases--;
      }
      frame.commandStart =
        whole && (COMMAND_PREFIXES.has(word) || (word === "in" && frame.cases > 0));
      this.append(word);
      return i + word.length - 1;
    }
    switch (c) {
      case "\\":
        this.escapeNext = true;
        frame.commandStart = false;
        break;
      case "'":
        this.stack.push({ kind: "single" });
        frame.commandStart = false;
        break;
      case '"':
        this.stack.push({ kind: "double" });
        frame.commandStart = false;
        break;
      case "`":
        if (frame.close === "`") this.stack.pop();
        else this.stack.push(plainFrame("`"));
        break;
      case "$":
        frame.commandStart = false;
        if (text[i + 1] === "(") return this.openDollarParen(text, i);
        break;
      case "(":
        frame.parens++;
        frame.commandStart = true;
        break;
      case ")":
        if (frame.parens > 0) frame.parens--;
        else if (frame.cases === 0 && frame.close === ")") this.stack.pop();
        frame.commandStart = true;
        break;
      case ";":
      case "&":
      case "|":
        frame.commandStart = true;
        break;
      case "\n":
        frame.commandStart = true;
        this.append(c);
        this.startHeredoc();
        return i;
      case "#":
        if (wordStart) this.stack.push({ kind: "comment" });
        break;
      case "<": {
        const match =
          text[i + 1] === "<" && text[i + 2] !== "<" && !frame.arithmetic
            ? HEREDOC_OPERATOR.exec(text.slice(i))
            : null;
        frame.commandStart = false;
        if (match) {
          const word = match[2]!;
          this.pending.push({
            delimiter: unquoteWord(word),
            stripTabs: match[1] === "-",
            quoted: /['"\\]/.test(word),
          });
          this.append(match[0]);
          return i + match[0].length - 1;
        }
        break;
      }
      default:
        // `{` and `!` open a command; blanks keep the position; anything else is an argument.
        if ((c === "{" || c === "!") && wordStart) frame.commandStart = true;
        else if (!/\s/.test(c)) frame.commandStart = false;
    }
    this.append(c);
    return i;
  }

  /** At `$(` or `$((`: enters the substitution; returns the index of its last `(`. */
  private openDollarParen(text: string, i: number): number {
    const arithmetic = text[i + 2] === "(";
    const frame = plainFrame(")");
    frame.arithmetic = arithmetic;
    // The second paren of `$((` is the arithmetic's own and closes with the first `)`.
    if (arithmetic) frame.parens = 1;
    this.stack.push(frame);
    const opening = arithmetic ? "$((" : "$(";
    this.append(opening);
    return i + opening.length - 1;
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  private append(text: string): void {
    if (!text) return;
    this.out += text;
    this.prev = text[text.length - 1]!;
  }

  /** A here-document body starts after the line holding its `<<`. */
  private startHeredoc(): void {
    const next = this.pending.shift();
    if (next) this.stack.push({ kind: "heredoc", ...next, line: "", lineHasValue: false });
  }

  private endHeredocLine(frame: HeredocFrame, ref?: string): void {
    const line = frame.stripTabs ? frame.line.replace(/^\t+/, "") : frame.line;
    if (line === frame.delimiter) {
      if (ref !== undefined || frame.lineHasValue) {
        throw new Error(
          `a value in "\${${ref ?? "…"}}" would end the here-document "${frame.delimiter}" early`,
        );
      }
      this.stack.pop();
      this.startHeredoc();
      return;
    }
    frame.line = "";
    frame.lineHasValue = false;
  }
}

function plainFrame(close?: ")" | "`"): PlainFrame {
  const frame: PlainFrame = {
    kind: "plain",
    arithmetic: false,
    parens: 0,
    cases: 0,
    commandStart: true,
  };
  if (close) frame.close = close;
  return frame;
}

/** The delimiter a here-document word stands for: quotes and backslashes removed. */
function unquoteWord(word: string): string {
  return word.replace(
    /\\(.)|'([^']*)'|"((?:[^"\\]|\\.)*)"/g,
    (_all, escaped?: string, single?: string, double?: string) =>
      escaped ?? single ?? (double ?? "").replace(/\\(.)/g, "$1"),
  );
}
