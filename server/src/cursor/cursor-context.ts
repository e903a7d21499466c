/**
 * What fits at the cursor, decided from the tokens before it: the text of the
 * current top-level declaration (or, in a workflow, of its current member) is
 * lexed up to the cursor and read by the {@link PrefixScanner}; the partial
 * word at the cursor is left out, so the context is the one it is typed in.
 * Lexing only that stretch keeps the cost independent of the document's size.
 */
import { type IToken, tokenMatcher } from "chevrotain";
import {
  type Declaration,
  type ExpectSubject,
  type Name,
  type Position,
  type Property,
  type SourceFile,
  type TestDeclaration,
  type WorkflowDeclaration,
  lexOnly,
  tokens as T,
  type PropertyBlock,
} from "@momoflow/language";
import { PrefixScanner } from "./prefix-scanner";
import {
  currentValue,
  type BlockFrame,
  type CallFrame,
  type Frame,
  type ListFrame,
  type MapFrame,
  type ValueSite,
  type ValueState,
} from "./scan-state";
import { stringCursor } from "./cursor-text";

/** What may be written at the cursor. */
export type CursorContext =
  | { kind: "none" }
  /** A top-level declaration. */
  | { kind: "top-level" }
  /** A member of a block: its properties (and `param`, `var`, `step`, `expect`). */
  | { kind: "members"; frame: BlockFrame }
  /** The type of a parameter, after its `:`. */
  | { kind: "types" }
  /** An operand of a value: what fits depends on its role. */
  | { kind: "operand"; value: ValueState; list: ListFrame | undefined }
  /**
   * A reference's next segment, after `steps.`, `run.`..., in code or in `${...}`;
   * `index`: after a `[` that follows them (`sites[`), an item's index.
   */
  | { kind: "field"; site: ValueSite; segments: string[]; index?: true }
  /** The start of a reference inside `${`; `inFunction`: as a function's argument (`${json(`). */
  | { kind: "interpolation"; site: ValueSite; inFunction: boolean }
  /** After a `$` in a string: a whole `${ref}`. */
  | { kind: "dollar"; site: ValueSite }
  /** An argument name inside a call's parentheses. */
  | { kind: "arguments"; call: CallFrame }
  /** A key of a map (a test's `params`). */
  | { kind: "map-keys"; map: MapFrame }
  /** After `expect `. */
  | { kind: "expect-subjects" }
  /**
   * The step id after `expect step ` / `expect output `; after `release/`, a
   * step of the workflow the steps of `calledFrom` lead to.
   */
  | { kind: "expect-target"; subject: ExpectSubject; calledFrom: readonly string[] }
  /**
   * A field after `expect output <target>` and a `.`: `calledFrom` as for
   * `expect-target`, `path` what follows the target before that `.` (`[1]`, `sites`, `[0]`);
   * `index`: after a `[` instead, an item's (or an instance's) index.
   */
  | {
      kind: "expect-path";
      target: string;
      calledFrom: readonly string[];
      path: readonly string[];
      index?: true;
    }
  /** A step of a called workflow after `/` in a test's `fail:` (`release/`). */
  | { kind: "called-steps"; calledFrom: readonly string[] }
  /** `exists`, `missing` or a comparison after `expect file <path>`. */
  | { kind: "file-states" }
  /** The `in` after the item of `for_each: file `. */
  | { kind: "for-each-in" }
  /** The comparison after `expect status`, `expect step <id>` or `expect output <id>`. */
  | { kind: "expect-operators"; subject: ExpectSubject }
  /**
   * Inside the path string of an `import`: relative to the file's folder,
   * `folder` as written up to its last `/` (the word replaced is the name
   * after it).
   */
  | { kind: "import-path"; folder: string }
  /**
   * Inside the string of a test's `files:`: a path relative to the file's
   * folder, `folder` as written up to its last `/` (the word replaced is the
   * name after it).
   */
  | { kind: "fixture-path"; folder: string };

/** The cursor's context and what surrounds it. */
export interface CursorAnalysis {
  context: CursorContext;
  /** The top-level declaration the cursor is in (or after), from the document's tree. */
  declaration: Declaration | undefined;
  /** The blocks the cursor is in, outermost first. */
  blocks: BlockFrame[];
  /** The innermost call whose parentheses hold the cursor (inside its block). */
  call: CallFrame | undefined;
  /** The document offsets an item replaces: the word at the cursor. */
  replace: { start: number; end: number };
}

/** Offsets and positions of the document being completed. */
export interface PositionMap {
  offsetAt(position: Position): number;
  positionAt(offset: number): Position;
}

const WORD = /[A-Za-z0-9_]/;

/** The identifier characters around `offset`. */
function wordAt(text: string, offset: number): { start: number; end: number } {
  let start = offset;
  while (start > 0 && WORD.test(text[start - 1]!)) start--;
  let end = offset;
  while (end < text.length && WORD.test(text[end]!)) end++;
  return { start, end };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Analyses the cursor at `offset` of `text`, whose parsed tree is `file`. */
export function analyzeCursor(
  text: string,
  offset: number,
  file: SourceFile,
  positions: PositionMap,
): CursorAnalysis {
  const replace = wordAt(text, offset);
  const start = replace.start;

  const cursor = positions.positionAt(offset);
  const { declaration, sliceStart, initial } = startOfScan(file, cursor, positions);
  const analysis: CursorAnalysis = {
    context: { kind: "none" },
    declaration,
    blocks: [],
    call: undefined,
    replace,
  };
  const lexed = lexOnly(text.slice(sliceStart, offset));
  const sliceLength = offset - sliceStart;
  if (insideComment(lexed.comments, sliceLength)) return analysis;

  const tokens = lexed.tokens;
  const last = tokens[tokens.length - 1];
  let open: IToken | undefined;
  if (last && last.startOffset + last.image.length === sliceLength) {
    if (tokenMatcher(last, T.Name) && sliceStart + last.startOffset === start) tokens.pop();
    else if (
      last.tokenType === T.UnterminatedString ||
      last.tokenType === T.UnterminatedTripleQuotedString
    ) {
      open = tokens.pop();
      replace.start = replace.end = offset;
    }
  }

  const scanner = new PrefixScanner(initial);
  scanner.scan(tokens, sliceStart);
  analysis.blocks = scanner.stack.filter((f): f is BlockFrame => f.kind === "block");
  analysis.call = innermostCall(scanner.stack);
  if (open) {
    analysis.context = stringContext(scanner.top, open.image, offset, text, replace);
    return analysis;
  }
  const gap = text.slice(Math.max(scanner.lastEnd, sliceStart), start);
  analysis.context = frameContext(scanner.top, gap);
  return analysis;
}

/** The last of `nodes` (in document order) that starts before `cursor`. */
function lastBefore<T extends { range: { start: Position } }>(
  nodes: readonly T[],
  cursor: Position,
): T | undefined {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (before(nodes[middle]!.range.start, cursor)) low = middle + 1;
    else high = middle;
  }
  return nodes[low - 1];
}

/**
 * Where lexing starts, and the frames open there: the last declaration
 * starting before the cursor, and inside a workflow, command or test its
 * last member starting before the cursor (in a step, its last property). The
 * tree's members start where the parser started them, so the text before a
 * member cannot change what it is in; the cost of a request stays that of
 * lexing one member, whatever the size of the document.
 */
function startOfScan(
  file: SourceFile,
  cursor: Position,
  positions: PositionMap,
): { declaration: Declaration | undefined; sliceStart: number; initial: Frame[] | undefined } {
  const declaration = lastBefore(file.declarations, cursor);
  if (!declaration) return { declaration, sliceStart: 0, initial: undefined };
  const whole = {
    declaration,
    sliceStart: positions.offsetAt(declaration.range.start),
    initial: undefined,
  };
  if (declaration.kind === "import" || !declaration.name?.text) return whole;
  const members: readonly (Member | Property)[] =
    declaration.kind === "command" ? declaration.properties : declaration.members;
  const member = lastBefore(members ?? [], cursor);
  if (!member) return whole;
  const initial: Frame[] = [
    { kind: "top", member: { form: "header", keyword: declaration.kind, stage: "brace" } },
    blockFrame(declaration.kind, declaration.name, positions),
  ];
  if (member.kind === "step" && member.name?.text) {
    const property = lastBefore(member.properties ?? [], cursor);
    if (property) {
      initial.push(blockFrame("step", member.name, positions));
      return { declaration, sliceStart: positions.offsetAt(property.range.start), initial };
    }
  }
  return { declaration, sliceStart: positions.offsetAt(member.range.start), initial };
}

type Member = WorkflowDeclaration["members"][number] | TestDeclaration["members"][number];

function blockFrame(block: PropertyBlock, name: Name, positions: PositionMap): BlockFrame {
  return {
    kind: "block",
    block,
    name: name.text,
    nameOffset: positions.offsetAt(name.range.start),
    seen: [],
    member: { form: "start" },
  };
}

/** A line comment, doc comment or unterminated block comment runs up to the cursor. */
function insideComment(comments: readonly IToken[], sliceLength: number): boolean {
  const comment = comments[comments.length - 1];
  if (!comment || comment.startOffset + comment.image.length < sliceLength) return false;
  return comment.tokenType !== T.BlockComment;
}

function innermostCall(stack: readonly Frame[]): CallFrame | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const frame = stack[i]!;
    if (frame.kind === "call") return frame;
    if (frame.kind === "block") return undefined;
  }
  return undefined;
}

/** The site of values written in `frame`. */
function siteOf(frame: Frame): ValueSite | undefined {
  const value = currentValue(frame);
  if (value) return value.site;
  return "site" in frame ? frame.site : undefined;
}

/** The context of a cursor inside a string that `frame` was about to read. */
function stringContext(
  frame: Frame,
  image: string,
  offset: number,
  text: string,
  replace: { start: number; end: number },
): CursorContext {
  const cursor = stringCursor(image);
  if (!cursor) return { kind: "none" };
  if (frame.kind === "top") {
    if (frame.member.form !== "import" || cursor.kind !== "text") return { kind: "none" };
    return { kind: "import-path", folder: pathFolder(cursor.text, offset, text, replace) };
  }
  if (cursor.kind === "text" && isFixturePath(frame))
    return { kind: "fixture-path", folder: pathFolder(cursor.text, offset, text, replace) };
  const site = siteOf(frame);
  if (!site) return { kind: "none" };
  switch (cursor.kind) {
    case "interpolation": {
      const word = wordAt(text, offset);
      replace.start = word.start;
      replace.end = word.end;
      if (cursor.index) return { kind: "field", site, segments: cursor.segments, index: true };
      return cursor.segments.length === 0
        ? { kind: "interpolation", site, inFunction: cursor.inFunction }
        : { kind: "field", site, segments: cursor.segments };
    }
    case "dollar":
      replace.start = offset - 1;
      return { kind: "dollar", site };
    case "text":
      return { kind: "none" };
  }
}

/**
 * The folder of a path typed up to the cursor (`written`), up to its last
 * `/`; sets `replace` to the name after it, up to the next `/` or the
 * closing quote: a path is completed one folder at a time.
 */
function pathFolder(
  written: string,
  offset: number,
  text: string,
  replace: { start: number; end: number },
): string {
  const slash = written.lastIndexOf("/");
  replace.start = offset - (written.length - slash - 1);
  const rest = text.slice(offset, offset + 4096).search(/["/\r\n]/);
  replace.end = rest >= 0 ? offset + rest : offset;
  return written.slice(0, slash + 1);
}

/** `frame` is a test reading its `files:` value, before anything else of it. */
function isFixturePath(frame: Frame): boolean {
  if (frame.kind !== "block" || frame.block !== "test") return false;
  const value = currentValue(frame);
  return value?.first === true && value.role.kind === "property" && value.role.property === "files";
}

/**
 * The context at the cursor from the frame it is in. `gap` is the text
 * between the last token and the word at the cursor (whitespace, comments).
 */
function frameContext(frame: Frame, gap: string): CursorContext {
  const spaced = gap.length > 0;
  const newLine = /[\r\n]/.test(gap);
  const none: CursorContext = { kind: "none" };
  switch (frame.kind) {
    case "top":
      return frame.member.form === "start" ? { kind: "top-level" } : none;
    case "block":
      return blockContext(frame, spaced, newLine);
    case "params":
      if (frame.member.stage === "type") return { kind: "types" };
      if (frame.member.stage === "default" && frame.member.value)
        return valueContext(frame.member.value, undefined, spaced, () => none);
      return none;
    case "list":
      return valueContext(frame.value, frame, spaced, () => none);
    case "map":
      if (frame.stage === "key") return { kind: "map-keys", map: frame };
      if (frame.stage === "value" && frame.value)
        return valueContext(frame.value, undefined, spaced, () => none);
      return none;
    case "call":
      if (frame.stage === "start") return { kind: "arguments", call: frame };
      if (frame.stage === "value" && frame.value)
        return valueContext(frame.value, undefined, spaced, () => none);
      return none;
    case "stray":
      return none;
  }
}

function blockContext(frame: BlockFrame, spaced: boolean, newLine: boolean): CursorContext {
  const member = frame.member;
  const none: CursorContext = { kind: "none" };
  const members: CursorContext = { kind: "members", frame };
  const nextMember = (): CursorContext => (newLine ? members : none);
  switch (member.form) {
    case "start":
      return members;
    case "name":
    case "step":
      return none;
    case "property":
      // On the same line, a finished value is followed by another member, but
      // a reference may still go on (`.`, `==`), or be the item of a fan-out.
      return valueContext(member.value, undefined, spaced, () =>
        newLine || member.value.segments.length === 0
          ? members
          : isForEachItem(member.value)
            ? { kind: "for-each-in" }
            : none,
      );
    case "param":
      if (member.stage === "type") return { kind: "types" };
      if (member.stage === "typed") return nextMember();
      if (member.stage === "default" && member.value)
        return valueContext(member.value, undefined, spaced, nextMember);
      return none;
    case "var":
      return member.value ? valueContext(member.value, undefined, spaced, nextMember) : none;
    case "expect":
      switch (member.stage) {
        case "subject":
          return { kind: "expect-subjects" };
        case "target":
          return {
            kind: "expect-target",
            subject: member.subject!,
            calledFrom: member.calledFrom ?? [],
          };
        case "path":
        case "index":
          // `expect output stats.`: a field of the step's JSON output; `stats.sites[`, `convert[`: an index.
          if (
            member.target === undefined ||
            (member.stage === "index" && member.subject !== "output")
          )
            return none;
          return {
            kind: "expect-path",
            target: member.target,
            calledFrom: member.calledFrom ?? [],
            path: member.path ?? [],
            ...(member.stage === "index" ? { index: true as const } : {}),
          };
        case "operator":
          return spaced && member.subject
            ? { kind: "expect-operators", subject: member.subject }
            : none;
        case "value":
          return valueContext(member.value!, undefined, spaced, () =>
            member.subject === "file" ? { kind: "file-states" } : nextMember(),
          );
      }
  }
}

/** `for_each: file`, before its `in`: one name, read as the items until `in` comes. */
function isForEachItem(value: ValueState): boolean {
  const role = value.role;
  return (
    role.kind === "property" &&
    role.block === "step" &&
    role.property === "for_each" &&
    value.first &&
    !value.forEachItems &&
    value.segments.length === 1
  );
}

/** The context in a value; `finished` decides what follows a complete value after a space. */
function valueContext(
  value: ValueState,
  list: ListFrame | undefined,
  spaced: boolean,
  finished: () => CursorContext,
): CursorContext {
  switch (value.phase) {
    case "operand":
      return { kind: "operand", value, list };
    case "dot":
      return { kind: "field", site: value.site, segments: value.segments };
    case "index":
      // `sites[`, `sites[1` (the number being typed is the word the item replaces).
      return { kind: "field", site: value.site, segments: value.segments, index: true };
    case "slash":
      return { kind: "called-steps", calledFrom: value.segments };
    case "after":
      return spaced ? finished() : { kind: "none" };
    case "nested":
      return { kind: "none" };
  }
}
