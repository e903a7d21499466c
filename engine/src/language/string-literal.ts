/**
 * Reads the text of a string token: escapes, the indentation of `"""`
 * strings, and `${ref}` interpolations with the exact document range of each
 * reference segment.
 *
 * The reader walks the token's source text, never a cooked copy, so every
 * offset it reports is an offset of the document; escapes and stripped
 * indentation need no mapping back.
 */
import {
  type CookedEscape,
  referenceText,
  type Interpolation,
  type Name,
  type Position,
  type Range,
  type Reference,
  type Segment as ReferenceSegment,
  type StringLiteral,
  type StringPart,
} from "./ast";
import { fittedPrefix } from "./fitted-array";
import type { LineIndex } from "./line-index";
import { offsetName } from "./offset-name";
import { offsetInterpolation, offsetReference } from "./offset-nodes";
import { offsetRange, spanOf } from "./offset-range";
import type { SyntaxProblem } from "./syntax-problem";
import { afterDotMessage } from "./unfinished-reference";
import { shellExpansionMessage } from "./shell-expansion";
import { underscored } from "./dashed-name";

/** A string token as the lexer produced it. */
export interface StringSource {
  /** The token's text, quotes included. */
  image: string;
  /** Offset of the token's first character in the document. */
  offset: number;
  /** `"""` rather than `"`. */
  triple: boolean;
  /** The closing quotes are there. */
  terminated: boolean;
  /**
   * Where the token starts, when the caller knows: a `"` string holds no
   * line break, so its positions are then found without a search of the
   * document's lines.
   */
  start?: Position;
}

/** What a string holds, and what was wrong with it. */
export interface StringContent {
  /** Literal text and interpolations; no empty text parts (`""` has none). */
  parts: StringPart[];
  problems: readonly SyntaxProblem[];
  /** See {@link StringLiteral.cookedEscapes}; absent when there is none. */
  cookedEscapes?: CookedEscape[];
  /** The interpolations read with a dashed name (`${my-name}`); absent when there is none. */
  dashedReads?: DashedRead[];
}

/**
 * `${my-name}`, read as `${my_name}` (as a name written with dashes is, see
 * tokens.ts's DashedName) — but also how a shell writes its own expansion
 * (`${VAR-default}`): dashed-name.ts keeps the reading when the name is
 * declared in the file, and else reports {@link fallback} as before.
 */
export interface DashedRead {
  interpolation: Interpolation;
  /** What is reported when it is no read of a declared name, over the interpolation. */
  fallback: SyntaxProblem;
}

const NO_PROBLEMS: readonly SyntaxProblem[] = [];

const BACKSLASH = 92;
const DOLLAR = 36;
const OPEN_BRACE = 123;
const QUOTE = 34;

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  n: "\n",
  t: "\t",
  $: "$",
};

const INTERPOLATION_HINT =
  "an interpolation holds exactly one reference, such as `${name}` or `${steps.build.output}`, maybe in a function: `${basename(file)}`, `${json(list)}`";

/** One line of content to read: `[start, end)` offsets inside the token's image. */
interface Segment {
  start: number;
  end: number;
}

/**
 * Reads `source`; `lines` gives the positions of interpolations and
 * problems. `offsetRanges`: their ranges are {@link OffsetRange}s.
 */
export function readStringLiteral(
  source: StringSource,
  lines: LineIndex,
  offsetRanges = false,
): StringContent {
  const parts = plainStringParts(source.image, source.triple, source.terminated);
  if (parts !== undefined) return { parts, problems: NO_PROBLEMS };
  const quoteLength = source.triple ? 3 : 1;
  const end = Math.max(quoteLength, source.image.length - (source.terminated ? quoteLength : 0));
  return reader.read(source, lines, offsetRanges, quoteLength, end);
}

/**
 * The parts of a `"..."` string that holds neither escapes nor
 * interpolations, as most do: its text as written, with no problem (what
 * {@link readStringLiteral} gives it), read without a {@link StringSource}.
 * Undefined for any other string: read it with {@link readStringLiteral}.
 */
export function plainStringParts(
  image: string,
  triple: boolean,
  terminated: boolean,
): StringPart[] | undefined {
  if (triple || image.indexOf("\\") >= 0 || image.indexOf("${") >= 0) return undefined;
  const end = Math.max(1, image.length - (terminated ? 1 : 0));
  return end > 1 ? [{ kind: "text", value: image.slice(1, end) }] : [];
}

/**
 * The lines of a `"""` string that make its value, each without the
 * indentation common to them: the line break right after the opening quotes
 * and the blank line before the closing ones are dropped, whitespace-only
 * lines become empty, and text on the opening line is kept as written (it
 * has no indentation of its own).
 */
function tripleQuotedLines(image: string, start: number, end: number): Segment[] {
  const all: Segment[] = [];
  let lineStart = start;
  for (let i = start; i < end; i++) {
    const code = image.charCodeAt(i);
    if (code !== 10 && code !== 13) continue;
    all.push({ start: lineStart, end: i });
    if (code === 13 && image.charCodeAt(i + 1) === 10) i++;
    lineStart = i + 1;
  }
  all.push({ start: lineStart, end });

  let first = 0;
  let last = all.length - 1;
  if (all.length > 1 && isBlank(image, all[0]!)) first = 1;
  if (last > first && isBlank(image, all[last]!)) last--;
  const kept = all.slice(first, last + 1);

  // Text right after the opening quotes does not set the indentation.
  const openingLineKept = first === 0;
  let indentation = Number.POSITIVE_INFINITY;
  kept.forEach((line, index) => {
    if ((index === 0 && openingLineKept) || isBlank(image, line)) return;
    indentation = Math.min(indentation, leadingWhitespace(image, line));
  });
  if (indentation === Number.POSITIVE_INFINITY) indentation = 0;
  return kept.map((line, index) => {
    if (index === 0 && openingLineKept) return line;
    // Whitespace-only lines become empty, as in Python's textwrap.dedent.
    if (isBlank(image, line)) return { start: line.end, end: line.end };
    return { start: line.start + indentation, end: line.end };
  });
}

/**
 * Whether the escape at `at` of a `"""` string (a backslash, then `next`) is
 * one a script's author most likely wrote for the shell or a program it
 * runs, from whom replacing it hides the backslash: a backslash-quote
 * (quotes need no escape in a `"""` string, but to break three in a row) and
 * a backslash-dollar before no `{` (such a `$` is plain text already).
 */
function isCookedForShell(image: string, at: number, next: string): next is '"' | "$" {
  if (next === '"') return image.charCodeAt(at - 1) !== QUOTE && image.charCodeAt(at + 2) !== QUOTE;
  return next === "$" && image.charCodeAt(at + 2) !== OPEN_BRACE;
}

function leadingWhitespace(image: string, line: Segment): number {
  let i = line.start;
  while (i < line.end && (image.charCodeAt(i) === 32 || image.charCodeAt(i) === 9)) i++;
  return i - line.start;
}

function isBlank(image: string, line: Segment): boolean {
  return leadingWhitespace(image, line) === line.end - line.start;
}

/**
 * Walks the segments of one string, collecting parts and problems. One
 * reader reads every string, one at a time: the parts are gathered in an
 * array it keeps, and each string gets an exact copy (a new array per
 * string, grown by pushes, was as much garbage as its parts).
 */
class StringReader {
  /** The parts read so far: the first {@link partCount} of this array. */
  private readonly scratch: StringPart[] = [];
  private partCount = 0;
  /** The segments of the reference being read (its first ones; references do not nest). */
  private readonly segments: ReferenceSegment[] = [];
  /** How many of {@link segments} the string being read has filled. */
  private segmentsUsed = 0;
  private problems: SyntaxProblem[] | undefined;
  private cookedEscapes: CookedEscape[] | undefined;
  /** The index whose `]` the last lenient {@link reference} read lacked (`[0`). */
  private unclosedIndex: string | undefined;
  /** A {@link reference} read since this was last cleared had a dashed name. */
  private sawDashed = false;
  private dashedReads: DashedRead[] | undefined;
  private text = "";
  private source!: StringSource;
  private lines!: LineIndex;
  private offsetRanges = false;

  /** Reads `source`'s content, `[start, end)` of its image. */
  read(
    source: StringSource,
    lines: LineIndex,
    offsetRanges: boolean,
    start: number,
    end: number,
  ): StringContent {
    this.source = source;
    this.lines = lines;
    this.offsetRanges = offsetRanges;
    this.partCount = 0;
    this.problems = undefined;
    this.cookedEscapes = undefined;
    this.dashedReads = undefined;
    this.text = "";
    if (source.triple) {
      tripleQuotedLines(source.image, start, end).forEach((segment, index) => {
        // `"""` strings keep their line breaks as `\n`, whatever the file uses.
        if (index > 0) this.text += "\n";
        this.readSegment(segment.start, segment.end);
      });
    } else {
      this.readSegment(start, end);
    }
    this.flushText();
    const content: StringContent = {
      parts: fittedPrefix(this.scratch, this.partCount),
      problems: this.problems ?? NO_PROBLEMS,
    };
    if (this.cookedEscapes) content.cookedEscapes = this.cookedEscapes;
    if (this.dashedReads) content.dashedReads = this.dashedReads;
    // The reader must not keep the last string's document alive.
    this.scratch.fill(undefined as never, 0, this.partCount);
    this.segments.fill(undefined as never, 0, this.segmentsUsed);
    this.segmentsUsed = 0;
    this.source = undefined as never;
    this.lines = undefined as never;
    return content;
  }

  private addPart(part: StringPart): void {
    this.scratch[this.partCount++] = part;
  }

  private readSegment(start: number, end: number): void {
    const image = this.source.image;
    let runStart = start;
    let i = start;
    while (i < end) {
      const code = image.charCodeAt(i);
      if (code === BACKSLASH) {
        this.text += image.slice(runStart, i);
        i = this.readEscape(i, end);
        runStart = i;
      } else if (code === DOLLAR && image.charCodeAt(i + 1) === OPEN_BRACE && i + 1 < end) {
        this.text += image.slice(runStart, i);
        this.flushText();
        i = this.readInterpolation(i, end);
        runStart = i;
      } else {
        i++;
      }
    }
    this.text += image.slice(runStart, end);
  }

  /** Reads the escape at `at`; returns where reading goes on. */
  private readEscape(at: number, end: number): number {
    const image = this.source.image;
    if (at + 1 >= end) {
      // A backslash ending a line of a `"""` string, or an unterminated string.
      this.text += "\\";
      return at + 1;
    }
    const next = image[at + 1]!;
    const cooked = ESCAPES[next];
    if (cooked !== undefined) {
      if (this.source.triple && isCookedForShell(image, at, next)) {
        const escape = { escaped: next, range: this.range(at, at + 2) };
        // The text read so far is flushed as the next part, the escape's character in it.
        (this.cookedEscapes ??= []).push({ ...escape, part: this.partCount, at: this.text.length });
      }
      this.text += cooked;
    } else {
      // Scripts are full of backslashes (`\` line continuations, regexes): a
      // `"""` string keeps unknown escapes as written; a `"..."` one reports them.
      this.text += image.slice(at, at + 2);
      if (!this.source.triple) {
        this.report(
          `unknown escape \`\\${next}\`: write \`\\"\`, \`\\\\\`, \`\\n\`, \`\\t\` or \`\\$\` (\`\\\\\` for a backslash)`,
          at,
          at + 2,
        );
      }
    }
    return at + 2;
  }

  /** Reads the `${...}` at `at`; returns where reading goes on. */
  private readInterpolation(at: number, end: number): number {
    const image = this.source.image;
    const close = image.indexOf("}", at + 2);
    if (close === -1 || close >= end) {
      this.report(
        `unterminated interpolation: add a closing \`}\`; ${INTERPOLATION_HINT}`,
        at,
        end,
      );
      this.addPart(this.interpolation(undefined, at, end));
      return end;
    }
    this.sawDashed = false;
    const written = this.functionCall(at + 2, close);
    const plain = written ? undefined : this.reference(at + 2, close);
    // Read once as written; only what does not read is tried again for a forgotten `]` or `)`.
    const call =
      written?.ref || plain ? written : (this.unclosedReference(at + 2, close) ?? written);
    const ref = call ? call.ref : plain;
    const missing = ref === undefined ? this.missingPart(at + 2, close) : undefined;
    if (ref === undefined) {
      if (missing) this.report(missing.message, missing.start, missing.end);
      else {
        const inner = image.slice(at + 2, close);
        const shell = shellExpansionMessage(inner);
        // The quick fix leaves it to the shell: `\${SKIP:-none}`.
        if (shell) this.report(shell, at, close + 1, `\\\${${inner}}`);
        else this.report(INTERPOLATION_HINT, at, close + 1);
      }
    }
    const part = this.interpolation(ref, at, close + 1);
    if (ref !== undefined && this.sawDashed) this.keepDashedRead(part, at, close);
    if (call?.ref && call.name) part.function = call.name;
    // `${steps.build.}`: what is written before the dot, for the editor (ast.ts).
    if (missing?.unfinished) part.unfinished = missing.unfinished;
    this.addPart(part);
    return close + 1;
  }

  /**
   * `${my-name}` at `at`, its `}` at `close`, read as `${my_name}`: kept
   * with what it would be reported as if it were none (see {@link DashedRead}).
   */
  private keepDashedRead(interpolation: Interpolation, at: number, close: number): void {
    const inner = this.source.image.slice(at + 2, close);
    const shell = shellExpansionMessage(inner);
    const offset = this.source.offset + at;
    const range = this.range(at, close + 1);
    const fallback: SyntaxProblem = shell
      ? { message: shell, range, offset, replacement: `\\\${${inner}}` }
      : { message: INTERPOLATION_HINT, range, offset };
    (this.dashedReads ??= []).push({ interpolation, fallback });
  }

  /** `name(ref)` in `[start, end)`: a function of one reference (`${basename(file)}`, `${json(list)}`). */
  private functionCall(
    start: number,
    end: number,
  ): { name: Name; ref: Reference | undefined } | undefined {
    const image = this.source.image;
    while (start < end && isSpace(image.charCodeAt(start))) start++;
    while (end > start && isSpace(image.charCodeAt(end - 1))) end--;
    const open = image.indexOf("(", start);
    if (open === -1 || open >= end || image.charCodeAt(end - 1) !== 41) return undefined;
    if (!isIdentifier(image, start, open)) return undefined;
    const name = { text: image.slice(start, open), range: this.range(start, open) };
    return { name, ref: this.reference(open + 1, end - 1) };
  }

  /**
   * What is missing from an interpolation `[start, end)` (between `${` and
   * `}`) that is not yet a reference, with the range to mark: nothing at all
   * (`${}`, the whole interpolation), a name after a reference's last dot
   * (`${steps.}`, the reference with its dot), a function's argument
   * (`${json()}`, the call). Undefined when it is something else (an
   * operator, two arguments...), which the general hint covers.
   */
  private missingPart(
    start: number,
    end: number,
  ): { message: string; start: number; end: number; unfinished?: Reference } | undefined {
    const image = this.source.image;
    const whole = { start: start - 2, end: end + 1 };
    while (start < end && isSpace(image.charCodeAt(start))) start++;
    while (end > start && isSpace(image.charCodeAt(end - 1))) end--;
    if (start === end)
      return {
        message:
          "empty `${}`: write what to insert inside, such as a param `${target}` or a step's output `${steps.build.output}`",
        ...whole,
      };
    const open = image.indexOf("(", start);
    if (open !== -1 && open < end && isIdentifier(image, start, open)) {
      if (image.charCodeAt(end - 1) !== 41) return undefined;
      const name = image.slice(start, open);
      let inner = open + 1;
      while (inner < end - 1 && isSpace(image.charCodeAt(inner))) inner++;
      if (inner === end - 1)
        return {
          message: `\`${name}()\` needs a reference inside its parentheses, such as \`\${${name}(names)}\``,
          start,
          end,
        };
      return this.missingPart(open + 1, end - 1);
    }
    const unfinished =
      image.charCodeAt(end - 1) === 46 ? this.reference(start, end - 1) : undefined;
    if (!unfinished) return undefined;
    return {
      message: afterDotMessage(image.slice(start, end), "interpolation"),
      start,
      end,
      unfinished,
    };
  }

  /**
   * A reference whose `]` or function's `)` was forgotten, in `[start, end)`:
   * `${x[0}`, `${basename(file}`, `${json(x[0)}`. Reported once, on the
   * reference, with the text to write (the editor's quick fix), and read as
   * what it was meant to be, so that the names in it count as used and are
   * checked.
   */
  private unclosedReference(
    start: number,
    end: number,
  ): { name: Name | undefined; ref: Reference } | undefined {
    const image = this.source.image;
    while (start < end && isSpace(image.charCodeAt(start))) start++;
    while (end > start && isSpace(image.charCodeAt(end - 1))) end--;
    const open = image.indexOf("(", start);
    const isCall = open !== -1 && open < end && isIdentifier(image, start, open);
    let refStart = isCall ? open + 1 : start;
    while (refStart < end && isSpace(image.charCodeAt(refStart))) refStart++;
    const closed = isCall && image.charCodeAt(end - 1) === 41;
    let refEnd = closed ? end - 1 : end;
    while (refEnd > refStart && isSpace(image.charCodeAt(refEnd - 1))) refEnd--;
    this.unclosedIndex = undefined;
    const ref = this.reference(refStart, refEnd, true);
    const index = this.unclosedIndex;
    if (ref === undefined || (index === undefined && (!isCall || closed))) return undefined;
    const written = image.slice(refStart, refEnd);
    const name = isCall ? image.slice(start, open) : undefined;
    const bracket = index === undefined ? "" : "]";
    const paren = isCall && !closed ? ")" : "";
    const what = [index === undefined ? "" : `\`${index}\``, paren ? `\`${name}(\`` : ""]
      .filter(Boolean)
      .join(" and ");
    const fixed = `${written}${bracket}`;
    const whole = name === undefined ? fixed : `${name}(${fixed})`;
    this.report(
      `expected \`${bracket}${paren}\` to close ${what}: write \`\${${whole}}\``,
      refStart,
      refEnd,
      `${fixed}${paren}`,
    );
    return {
      name: name === undefined ? undefined : { text: name, range: this.range(start, open) },
      ref,
    };
  }

  /**
   * The reference written in `[start, end)` — names joined by `.`, each
   * maybe followed by indexes `[0]` — or undefined when it is anything else.
   * `unclosed`: a last index may lack its `]` (`x[0`), which is then kept
   * in {@link unclosedIndex}.
   */
  private reference(start: number, end: number, unclosed = false): Reference | undefined {
    const image = this.source.image;
    while (start < end && isSpace(image.charCodeAt(start))) start++;
    while (end > start && isSpace(image.charCodeAt(end - 1))) end--;
    if (start === end) return undefined;
    const segments = this.segments;
    let count = 0;
    let at = start;
    while (at < end) {
      let nameEnd = at;
      while (nameEnd < end && !isSeparator(image.charCodeAt(nameEnd))) nameEnd++;
      let name: string;
      if (isIdentifier(image, at, nameEnd)) name = image.slice(at, nameEnd);
      else if (isDashedName(image, at, nameEnd)) {
        name = underscored(image.slice(at, nameEnd));
        this.sawDashed = true;
      } else return undefined;
      segments[count++] = this.name(name, at, nameEnd);
      // What the scratch array holds is dropped once the string is read (see read).
      if (count > this.segmentsUsed) this.segmentsUsed = count;
      at = nameEnd;
      while (at < end && image.charCodeAt(at) === 91) {
        const found = image.indexOf("]", at);
        // A last index whose `]` was forgotten ends where the reference does.
        const open = (found === -1 || found >= end) && unclosed;
        const close = open ? end : found;
        if (close === -1 || close > end || (close === end && !open)) return undefined;
        if (!/^\d+$/.test(image.slice(at + 1, close))) return undefined;
        if (open) this.unclosedIndex = image.slice(at, end);
        const index = Number(image.slice(at + 1, close));
        const segmentEnd = open ? end : close + 1;
        segments[count++] = { text: `[${index}]`, index, range: this.range(at, segmentEnd) };
        if (count > this.segmentsUsed) this.segmentsUsed = count;
        at = segmentEnd;
      }
      if (at === end) break;
      if (image.charCodeAt(at) !== 46) return undefined;
      at++;
      if (at === end) return undefined;
    }
    const kept = fittedPrefix(segments, count);
    // The reference starts where its first segment does and ends where its last one does.
    if (this.offsetRanges) {
      const offset = this.source.offset;
      return offsetReference(kept, this.lines, offset + start, offset + end);
    }
    const range = spanOf(kept[0]!.range, kept[count - 1]!.range);
    return { kind: "ref", segments: kept, range };
  }

  private interpolation(ref: Reference | undefined, start: number, end: number): Interpolation {
    if (this.offsetRanges) {
      const offset = this.source.offset;
      return offsetInterpolation(ref, this.lines, offset + start, offset + end);
    }
    return { kind: "interpolation", ref, range: this.range(start, end) };
  }

  private flushText(): void {
    if (this.text === "") return;
    this.addPart({ kind: "text", value: this.text });
    this.text = "";
  }

  /** Reports `[start, end)`; `replacement`: what to write over it (the editor's quick fix). */
  private report(message: string, start: number, end: number, replacement?: string): void {
    const offset = this.source.offset + start;
    const problem: SyntaxProblem = { message, range: this.range(start, end), offset };
    if (replacement !== undefined) problem.replacement = replacement;
    (this.problems ??= []).push(problem);
  }

  /** The name `text`, written at `[start, end)` of the token's image. */
  private name(text: string, start: number, end: number): Name {
    if (this.offsetRanges) {
      const offset = this.source.offset;
      return offsetName(text, this.lines, offset + start, offset + end);
    }
    return { text, range: this.range(start, end) };
  }

  /** The document range of `[start, end)` of the token's image. */
  private range(start: number, end: number): Range {
    if (this.offsetRanges) {
      const offset = this.source.offset;
      return offsetRange(this.lines, offset + start, offset + end);
    }
    return { start: this.position(start), end: this.position(end) };
  }

  /** The document position of `offset` in the token's image. */
  private position(offset: number): Position {
    const tokenStart = this.source.start;
    if (tokenStart && !this.source.triple)
      return { line: tokenStart.line, character: tokenStart.character + offset };
    return this.lines.positionAt(this.source.offset + offset);
  }
}

const reader = new StringReader();

/** `.` or `[`: where a name in a reference ends. */
function isSeparator(code: number): boolean {
  return code === 46 || code === 91;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

/** tokens.ts's DashedName, whole. */
const DASHED_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:-+[A-Za-z_][A-Za-z0-9_]*)+$/;

/** A {@link DASHED_NAME} over `[start, end)`: names joined by dashes (`fetch-data`). */
function isDashedName(text: string, start: number, end: number): boolean {
  return DASHED_NAME.test(text.slice(start, end));
}

/** `[A-Za-z_][A-Za-z0-9_]*` over `[start, end)`. */
function isIdentifier(text: string, start: number, end: number): boolean {
  if (start >= end) return false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
    if (!letter && !(i > start && code >= 48 && code <= 57)) return false;
  }
  return true;
}

/** The text of a string without interpolations (an import path, a test name). */
export function plainText(parts: readonly StringPart[]): string {
  return parts.map((part) => (part.kind === "text" ? part.value : "")).join("");
}

/**
 * The text of a string as a reader sees it: literal text, with each
 * interpolation written as `${ref}` (`${}` where it is malformed).
 */
export function stringText(literal: StringLiteral): string {
  return literal.parts
    .map((part) => (part.kind === "text" ? part.value : `\${${interpolationText(part)}}`))
    .join("");
}

/** What a `${...}` holds, as written: `steps.a.output`, `basename(file)` ("" when malformed). */
export function interpolationText(part: Interpolation): string {
  const ref = part.ref ? referenceText(part.ref) : "";
  return part.function ? `${part.function.text}(${ref})` : ref;
}
