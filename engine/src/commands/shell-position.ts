/**
 * Where a value lands in a POSIX shell script, and whether quoting can keep
 * it literal there. The interpolator quotes by position; the checker reports
 * the positions quoting cannot protect before anything runs.
 */

/** How a value must be written where it lands. */
export type ShellPosition =
  "plain" | "single" | "double" | "heredoc" | "quoted-heredoc" | "comment" | "arithmetic";

/** Why a value cannot stand at a position, and what to write instead. */
export interface ShellRefusal {
  /** Where the value stands and why quoting cannot help there. */
  reason: string;
  /** What to write instead. */
  instead: string;
}

/** The message of a refusal for `${ref}`: what, why, and what to write instead. */
export function refusalMessage(ref: string, refusal: ShellRefusal): string {
  return `"\${${ref}}" ${refusal.reason}; ${refusal.instead.replaceAll("${x}", `\${${ref}}`)}`;
}

/** The advice that works everywhere: give the value to a shell variable first. */
const VIA_VARIABLE = 'assign it to a shell variable first (v=${x}) and use "$v"';

const AFTER_DOLLAR: ShellRefusal = {
  reason:
    "stands right after \"$\", where the shell would read it as part of an expansion ($(...), ${...}, $'...'), which no quoting prevents",
  instead: 'for a literal "$" before it write \\\\$${x}',
};
const AFTER_BACKSLASH: ShellRefusal = {
  reason: "follows a backslash, which would escape only the value's first character",
  instead: "remove the backslash",
};
const HEREDOC_DELIMITER: ShellRefusal = {
  reason: "is (part of) a here-document's delimiter, which decides where the document ends",
  instead: "write the delimiter as literal text (<<'EOF') and put the value in the body",
};
/**
 * Numbers may stand in arithmetic; the advice for a value that is text
 * whatever its declaration (a function's result: `${json(n)}`) leaves that out.
 */
export function arithmeticOfText(refusal: ShellRefusal): ShellRefusal {
  if (refusal !== ARITHMETIC) return refusal;
  return {
    reason: ARITHMETIC.reason,
    instead:
      "assign it to a shell variable first (v=${x}), check it is a number (case $v in ''|*[!0-9]*) exit 2;; esac) and use $v",
  };
}

const ARITHMETIC: ShellRefusal = {
  reason:
    "is inside shell arithmetic ($((...)), ((...)), let or an array subscript), which evaluates text: " +
    "bash runs a[$(cmd)] in a value there, quoted or not",
  instead:
    "declare it as an int or number (numbers are allowed there), or assign it to a shell variable first (v=${x}), " +
    "check it is a number (case $v in ''|*[!0-9]*) exit 2;; esac) and use $v",
};
const DOUBLE_BRACKET: ShellRefusal = {
  reason:
    "is inside bash's [[ ... ]], which evaluates the operands of -eq, -lt and the like as arithmetic (running a[$(cmd)] in a value)",
  instead: "compare with [ ... ] or case, which do not",
};
const BACKQUOTES: ShellRefusal = {
  reason: "is inside backquotes, whose backslashes bash and dash undo differently",
  instead: "write $(...) instead of backquotes",
};
const PARAMETER_EXPANSION: ShellRefusal = {
  reason:
    "is inside the shell's own ${...}, whose quoting differs between shells (and whose offsets and subscripts are arithmetic)",
  instead: VIA_VARIABLE,
};
const ANSI_QUOTES: ShellRefusal = {
  reason: "is inside $'...', where backslash sequences in the value would be decoded",
  instead: "close the $'...' before the value",
};

const IN_HEREDOC_SUBSTITUTION: ShellRefusal = {
  reason:
    "is inside a $(...) or backquotes in a here-document, whose end bash finds before reading the substitution and dash after",
  instead: "run the substitution before the here-document (v=$(...)) and write $v in the body",
};

/** Text the shells read differently: every value after it is refused. */
const HEREDOC_END_IN_SUBSTITUTION: ShellRefusal = {
  reason:
    "comes after a here-document whose delimiter line stands inside a $(...) of its body, where bash ends the document and dash does not",
  instead: "close the $(...) before the delimiter line",
};
const ANSI_BACKSLASH: ShellRefusal = {
  reason:
    "comes after a $'...' with a backslash in it, which bash and dash end at different places",
  instead: "write that text with '...' or \"...\" instead of $'...'",
};
const QUOTE_IN_DOUBLE_BRACE: ShellRefusal = {
  reason: "comes after a quote inside a double-quoted ${...}, which bash and dash read differently",
  instead: "move the quoted text out of the ${...}",
};
const SPLIT_SUBSCRIPT: ShellRefusal = {
  reason:
    "comes after an array subscript holding a blank or an operator (a[ 1 ]), which bash reads as one word and dash splits",
  instead: "write the subscript without blanks, or use $((...))",
};
const SHIFT_OR_HEREDOC: ShellRefusal = {
  reason: "comes after << inside ((...)), a shift to bash and a here-document to dash",
  instead: "write the arithmetic as $((...))",
};
const LEGACY_ARITHMETIC: ShellRefusal = {
  reason: "comes after $[...], bash's old arithmetic, which dash reads as text",
  instead: "write $((...)) instead of $[...]",
};

/** A value's shape, as far as its position cares. */
export interface ShellValueShape {
  /** A finite number (or, at run time, text that is one): safe in arithmetic. */
  numeric: boolean;
}

type PlainFrame = {
  kind: "plain";
  /** What ends it when nested: the `)` of `$(` or `$((`, or a backquote. */
  close?: ")" | "`";
  /** Inside `$((...))`, `((...))`, `$[...]` or a subscript: text is an expression. */
  arithmetic: boolean;
  /** Open `(` inside this frame. */
  parens: number;
  /** Open `case ... esac` (whose patterns end with a bare `)`). */
  cases: number;
  /** The next word is in command position (where `case` and `esac` are keywords). */
  commandStart: boolean;
  /** Inside bash's `[[ ... ]]`. */
  doubleBracket: boolean;
  /** In the arguments of `let` (arithmetic), up to the end of the command. */
  letCommand: boolean;
  /** Inside `name[...`, up to its `]`: bash evaluates it as arithmetic. */
  subscript: boolean;
  /** `((...))`: bash's arithmetic command, two subshells to dash. */
  bashArithmetic: boolean;
  /** bash's `a=(...)` list: words, not commands; `[...]` at a word's start is a subscript. */
  arrayList: boolean;
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

/** `${...}`; `inDouble` when inside double quotes or a here-document, where quotes mean other things. */
type BraceFrame = { kind: "brace"; inDouble: boolean };

type Frame =
  | PlainFrame
  | { kind: "single" }
  | { kind: "double" }
  | { kind: "comment" }
  | { kind: "ansi" }
  | BraceFrame
  | HeredocFrame;

type PendingHeredoc = Pick<HeredocFrame, "delimiter" | "stripTabs" | "quoted">;

// The shells' blanks are space and tab only: JavaScript's \s (no-break space, \r, \v, ...)
// would end a word, start a comment or cut a delimiter where the shell does not.
const HEREDOC_OPERATOR = /^<<(-?)[ \t]*((?:[^ \t\n;&|()<>'"\\]|\\.|'[^']*'|"(?:[^"\\]|\\.)*")+)/;
const HEREDOC_WITHOUT_WORD = /^<<-?[ \t]*$/;
const WORD_BOUNDARY = /[ \t\n;&|()<>]/;
const BLANK = /[ \t\n]/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;
/** {@link WORD} read where it stands in a text (sticky), without slicing the rest of the text. */
const WORD_AT = /[A-Za-z_][A-Za-z0-9_]*/y;
/** Reserved words after which a command follows. */
const COMMAND_PREFIXES = new Set(["then", "do", "else", "elif", "if", "while", "until", "time"]);

/**
 * Follows the quoting state of a POSIX shell script (as bash, bash --posix
 * and dash read it) as text is appended, so a value can be quoted for the
 * place it lands in, or refused where no quoting can keep it literal. A
 * lexer, not a parser: it knows quotes, `$(...)`, `${...}`, `$'...'`,
 * arithmetic, backquotes, comments, here-documents and enough of `case` to
 * tell a pattern's `)` from the end of a `$(`. Where the shells disagree on
 * what follows, every later value is refused.
 */
export class ShellContextTracker {
  private readonly stack: Frame[] = [plainFrame()];
  private readonly pending: PendingHeredoc[] = [];
  private out = "";
  /** The script is written out (see the constructor). */
  private readonly keepScript: boolean;
  /** The last character of the script so far (to find word starts). */
  private prev = "\n";
  /** The last text ended with a backslash that escapes what follows. */
  private escapeNext = false;
  /** The last text ended with a `$` that starts an expansion. */
  private dollarOpen = false;
  /** The last text ended inside (or right before) a here-document's delimiter. */
  private heredocWordOpen = false;
  /** The last text ended with a word at a word start (so `[` opens a subscript). */
  private afterLeadingWord = false;
  /** Set once the script holds something the shells read differently: no value is safe after it. */
  private lost: ShellRefusal | undefined;

  /**
   * `keepScript` false: the script is not written out ({@link result} stays
   * empty), for a caller that only asks where values may stand, as the
   * checker does for every shell action of a file: the script grown by a
   * string per character was most of what checking them allocated.
   */
  constructor(options: { keepScript?: boolean } = {}) {
    this.keepScript = options.keepScript !== false;
  }

  /** The script so far (empty when it is not kept). */
  result(): string {
    return this.out;
  }

  /** Appends literal script text. */
  text(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const heredoc = this.nestedHeredoc();
      const end = this.step(text, i);
      if (heredoc) this.followHeredocLine(heredoc, text.slice(i, end + 1));
      i = end;
    }
  }

  /** Why a value of this shape cannot stand at the current position; undefined when it can. */
  refusal(shape: ShellValueShape): ShellRefusal | undefined {
    if (this.lost) return this.lost;
    if (this.escapeNext) return AFTER_BACKSLASH;
    if (this.heredocWordOpen) return HEREDOC_DELIMITER;
    if (this.dollarOpen) return AFTER_DOLLAR;
    if (this.top().kind !== "heredoc" && this.stack.some((f) => f.kind === "heredoc")) {
      return IN_HEREDOC_SUBSTITUTION;
    }
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const frame = this.stack[i]!;
      if (frame.kind === "brace") return PARAMETER_EXPANSION;
      if (frame.kind === "ansi") return ANSI_QUOTES;
      if (frame.kind !== "plain") continue;
      if (frame.close === "`") return BACKQUOTES;
      const arithmetic = frame.arithmetic || frame.letCommand || frame.subscript;
      if (arithmetic && !shape.numeric) return ARITHMETIC;
      if (frame.doubleBracket && !shape.numeric) return DOUBLE_BRACKET;
    }
    return undefined;
  }

  /** How a value at the current position is written (call after {@link refusal} said yes). */
  position(): ShellPosition {
    const frame = this.top();
    switch (frame.kind) {
      case "plain":
        return frame.arithmetic || frame.letCommand || frame.subscript ? "arithmetic" : "plain";
      case "heredoc":
        return frame.quoted ? "quoted-heredoc" : "heredoc";
      case "single":
      case "double":
      case "comment":
        return frame.kind;
      default:
        // Brace and ansi frames refuse every value.
        return "plain";
    }
  }

  /**
   * Appends a value's text, already written for {@link position}. Inside a
   * here-document, a line of the value that equals the delimiter is an error.
   *
   * @param ref the reference, for the error message.
   */
  insert(ref: string, text: string): void {
    const frame = this.top();
    if (frame.kind === "plain") frame.commandStart = false;
    if (frame.kind === "heredoc") {
      text.split("\n").forEach((line, index) => {
        if (index > 0) this.endHeredocLine(frame, ref);
        frame.line += line;
        frame.lineHasValue = true;
      });
    }
    this.append(text);
    // A value is a word's text: a following `$` or `[` is the shell's again.
    this.prev = text ? "x" : this.prev;
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
        else if (c === "$") return this.dollar(text, i, false);
        break;
      case "ansi":
        // dash (before 0.5.12) ends $'...' at the first quote after a backslash; bash does not.
        if (c === "\\") this.loseTrack(ANSI_BACKSLASH);
        else if (c === "'") this.stack.pop();
        break;
      case "brace":
        return this.brace(frame, text, i);
      case "comment":
        // The line break ends the comment's command too: the plain frame takes it,
        // so `case`, `esac` and `[[` on the next line are seen as keywords.
        if (c === "\n") {
          this.stack.pop();
          return this.step(text, i);
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
          else if (c === "$") return this.dollar(text, i, false);
        }
        break;
    }
    this.append(c);
    return i;
  }

  private plain(frame: PlainFrame, text: string, i: number): number {
    const c = text[i]!;
    if (frame.subscript) {
      if (c === "]") frame.subscript = false;
      // bash keeps `a[ x ]=1` one word (at a command's start), dash splits it.
      else if (WORD_BOUNDARY.test(c)) this.loseTrack(SPLIT_SUBSCRIPT);
    }
    const wordStart = WORD_BOUNDARY.test(this.prev);
    if (wordStart && WORD.test(c)) return this.word(frame, text, i);
    const afterLeadingWord = this.afterLeadingWord;
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
        return this.dollar(text, i, true);
      case "(":
        if (wordStart && text[i + 1] === "(" && !frame.arithmetic) {
          // `((...))`: bash's arithmetic command (or two subshells: refusing values there is harmless).
          const arithmetic = arithmeticFrame();
          arithmetic.bashArithmetic = true;
          this.stack.push(arithmetic);
          this.append("((");
          return i + 1;
        }
        if (this.prev === "=" && !frame.arithmetic) {
          // bash's `a=(...)`: its `[i]=v` subscripts are arithmetic, and it holds no commands.
          const list = plainFrame(")");
          list.arrayList = true;
          list.commandStart = false;
          this.stack.push(list);
          break;
        }
        frame.parens++;
        frame.commandStart = true;
        break;
      case ")":
        if (frame.parens > 0) frame.parens--;
        else if (frame.cases === 0 && frame.close === ")") this.stack.pop();
        endCommand(frame);
        break;
      case "[":
        if (wordStart && text[i + 1] === "[" && frame.commandStart && isWordEnd(text[i + 2])) {
          frame.doubleBracket = true;
          frame.commandStart = false;
          this.append("[[");
          return i + 1;
        }
        // `name[...]`, or `[...]=` in `a=(...)`: an array subscript, which bash evaluates as arithmetic.
        if (afterLeadingWord || (frame.arrayList && wordStart)) frame.subscript = true;
        frame.commandStart = false;
        break;
      case "]":
        if (wordStart && text[i + 1] === "]" && isWordEnd(text[i + 2]) && frame.doubleBracket) {
          frame.doubleBracket = false;
          this.append("]]");
          return i + 1;
        }
        frame.commandStart = false;
        break;
      case ";":
      case "&":
      case "|":
        endCommand(frame);
        break;
      case "\n":
        endCommand(frame);
        this.append(c);
        this.startHeredoc();
        return i;
      case "#":
        if (wordStart) this.stack.push({ kind: "comment" });
        break;
      case "<":
        frame.commandStart = false;
        if (text.startsWith("<<<", i)) {
          // bash's here-string: its word is an ordinary word.
          this.append("<<<");
          return i + 2;
        }
        if (text[i + 1] === "<" && frame.bashArithmetic) {
          // A shift to bash, a here-document to dash.
          this.loseTrack(SHIFT_OR_HEREDOC);
        } else if (text[i + 1] === "<" && !frame.arithmetic) return this.heredocOperator(text, i);
        break;
      default:
        // `{` and `!` open a command; blanks keep the position; anything else is an argument.
        if ((c === "{" || c === "!") && wordStart) frame.commandStart = true;
        else if (!BLANK.test(c)) frame.commandStart = false;
    }
    this.append(c);
    return i;
  }

  /** A word at a word start: keywords that matter (`case`, `esac`, `in`, `let`). */
  private word(frame: PlainFrame, text: string, i: number): number {
    WORD_AT.lastIndex = i;
    const word = WORD_AT.exec(text)![0];
    const whole = isWordEnd(text[i + word.length]);
    if (whole && frame.commandStart && !frame.arrayList) {
      if (word === "case") frame.cases++;
      else if (word === "esac" && frame.cases > 0) frame.cases--;
      else if (word === "let") frame.letCommand = true;
    }
    frame.commandStart =
      whole && (COMMAND_PREFIXES.has(word) || (word === "in" && frame.cases > 0));
    this.append(word);
    this.afterLeadingWord = true;
    return i + word.length - 1;
  }

  /** `<<` outside arithmetic: a here-document whose body starts on the next line. */
  private heredocOperator(text: string, i: number): number {
    const rest = text.slice(i);
    const match = HEREDOC_OPERATOR.exec(rest);
    if (!match) {
      const bare = HEREDOC_WITHOUT_WORD.exec(rest);
      if (!bare) {
        this.append("<");
        return i;
      }
      // The delimiter would be the value that follows.
      this.append(bare[0]);
      this.heredocWordOpen = true;
      return i + bare[0].length - 1;
    }
    const word = match[2]!;
    this.pending.push({
      delimiter: unquoteWord(word),
      stripTabs: match[1] === "-",
      quoted: /['"\\]/.test(word),
    });
    this.append(match[0]);
    // A value right after it would be part of the delimiter.
    if (match[0].length === rest.length) this.heredocWordOpen = true;
    return i + match[0].length - 1;
  }

  /**
   * At a `$` where it is special: enters `$(`, `$((`, `${`, `$[` and (where
   * quotes are quotes) `$'`; at the end of the text, a value would follow it.
   * Returns the index of the last character taken.
   */
  private dollar(text: string, i: number, quotesCount: boolean): number {
    const next = text[i + 1];
    if (next === "(") {
      const arithmetic = text[i + 2] === "(";
      this.stack.push(arithmetic ? arithmeticFrame() : plainFrame(")"));
      const opening = arithmetic ? "$((" : "$(";
      this.append(opening);
      return i + opening.length - 1;
    }
    if (next === "[") this.loseTrack(LEGACY_ARITHMETIC);
    if (next === "{" || (next === "'" && quotesCount)) {
      if (next === "{") this.stack.push({ kind: "brace", inDouble: !quotesCount });
      else this.stack.push({ kind: "ansi" });
      this.append("$" + next);
      return i + 1;
    }
    this.append("$");
    if (next === undefined) this.dollarOpen = true;
    return i;
  }

  /** Inside `${...}`: nesting and quotes, up to its `}`. */
  private brace(frame: BraceFrame, text: string, i: number): number {
    const c = text[i]!;
    switch (c) {
      case "}":
        this.stack.pop();
        break;
      case "\\":
        this.escapeNext = true;
        break;
      case "$":
        return this.dollar(text, i, !frame.inDouble);
      case "`":
        this.stack.push(plainFrame("`"));
        break;
      case "'":
      case '"':
        if (frame.inDouble) this.loseTrack(QUOTE_IN_DOUBLE_BRACE);
        else this.stack.push({ kind: c === "'" ? "single" : "double" });
        break;
    }
    this.append(c);
    return i;
  }

  /** The here-document whose body holds the current `$(...)` or backquotes, if any. */
  private nestedHeredoc(): HeredocFrame | undefined {
    if (this.top().kind === "heredoc") return undefined;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const frame = this.stack[i]!;
      if (frame.kind === "heredoc") return frame;
    }
    return undefined;
  }

  /**
   * Text inside a `$(...)` or backquotes in a here-document's body: bash
   * finds the document's end line by line first, dash reads the substitution
   * first. A delimiter line there is where they part.
   */
  private followHeredocLine(heredoc: HeredocFrame, taken: string): void {
    for (const c of taken) {
      if (c !== "\n") {
        heredoc.line += c;
        continue;
      }
      const line = heredoc.stripTabs ? heredoc.line.replace(/^\t+/, "") : heredoc.line;
      if (line === heredoc.delimiter) this.loseTrack(HEREDOC_END_IN_SUBSTITUTION);
      heredoc.line = "";
    }
  }

  /** From here on the shells read the script differently: no later value is safe. */
  private loseTrack(refusal: ShellRefusal): void {
    this.lost ??= refusal;
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  private append(text: string): void {
    if (!text) return;
    if (this.keepScript) this.out += text;
    this.prev = text[text.length - 1]!;
    this.dollarOpen = false;
    this.heredocWordOpen = false;
    this.afterLeadingWord = false;
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

function plainFrame(close?: PlainFrame["close"]): PlainFrame {
  const frame: PlainFrame = {
    kind: "plain",
    arithmetic: false,
    parens: 0,
    cases: 0,
    commandStart: true,
    doubleBracket: false,
    letCommand: false,
    subscript: false,
    bashArithmetic: false,
    arrayList: false,
  };
  if (close) frame.close = close;
  return frame;
}

/** `$((` or `((`, whose second paren is the expression's own and closes with the first `)`. */
function arithmeticFrame(): PlainFrame {
  const frame = plainFrame(")");
  frame.arithmetic = true;
  frame.parens = 1;
  frame.commandStart = false;
  return frame;
}

/** At the end of a command, the next word is a command again and `let` is over. */
function endCommand(frame: PlainFrame): void {
  frame.commandStart = true;
  frame.letCommand = false;
}

function isWordEnd(c: string | undefined): boolean {
  return c === undefined || WORD_BOUNDARY.test(c);
}

/** The delimiter a here-document word stands for: quotes and backslashes removed. */
function unquoteWord(word: string): string {
  return word.replace(
    /\\(.)|'([^']*)'|"((?:[^"\\]|\\.)*)"/g,
    (_all, escaped?: string, single?: string, double?: string) =>
      escaped ?? single ?? (double ?? "").replace(/\\(.)/g, "$1"),
  );
}

const NUMERIC_TYPES: ReadonlySet<string> = new Set(["int", "number", "duration", "size"]);

/** Whether values of a parameter type are always numbers (durations and sizes are written as numbers). */
export function isNumericType(type: string): boolean {
  return NUMERIC_TYPES.has(type);
}
