/**
 * The typed syntax tree of a `.momoflow` file. Every node keeps its range,
 * every declaration the range of its name, and `///` doc comments are attached
 * to the declaration below them. Ranges are LSP ranges: 0-based lines, UTF-16
 * characters, end exclusive. Nodes are plain data (no methods), so the checker,
 * the compiler, the formatter and the language server can all walk them.
 */

/** A position in a document (0-based line, UTF-16 character). */
export interface Position {
  line: number;
  character: number;
}

/** A span of a document, end exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

/** An identifier as written, with where it was written. */
export interface Name {
  text: string;
  range: Range;
}

// ---------------------------------------------------------------- expressions

/** A piece of a string: literal text, or a `${ref}` interpolation. */
export type StringPart = StringText | Interpolation;

export interface StringText {
  kind: "text";
  /** The text after escapes and (in `"""` strings) indentation stripping. */
  value: string;
}

export interface Interpolation {
  kind: "interpolation";
  /** The reference inside `${...}`; undefined when it is malformed (an MF001 was reported). */
  ref: Reference | undefined;
  /**
   * A function applied to the reference: `${basename(file)}`, `${json(x)}`
   * (see `interpolation-functions.ts`); undefined for a plain `${ref}`.
   */
  function?: Name;
  /**
   * Set when `ref` is undefined because the reference ends with its dot
   * (`${steps.build.}`, as one does while it is typed): what was written
   * before the dot. See {@link UnfinishedReferences}.
   */
  unfinished?: Reference;
  /** The whole `${...}`. */
  range: Range;
}

export interface StringLiteral {
  kind: "string";
  /** Literal text and interpolations, in order. */
  parts: StringPart[];
  /** `"""` multi-line string. */
  triple: boolean;
  range: Range;
  /**
   * In a `"""` string, where an escape was written that its author most
   * likely meant for the shell (a backslash before `"`, or before a `$`
   * that starts no `${`): it was replaced like any escape, so a shell action
   * gets a bare `"` or `$` there (MF024). Absent when there is none.
   */
  cookedEscapes?: CookedEscape[];
}

/** An escape of a `"""` string most likely meant for the shell (see {@link StringLiteral.cookedEscapes}). */
export interface CookedEscape {
  /** The character after the backslash. */
  escaped: '"' | "$";
  /** The backslash and that character. */
  range: Range;
  /** Where the character it gave stands: the index of its text part in the literal's `parts`, and its offset in that text. */
  part: number;
  at: number;
}

export interface NumberLiteral {
  kind: "number";
  value: number;
  /** Written without a fraction: usable as an `int`. */
  integer: boolean;
  range: Range;
}

export interface DurationLiteral {
  kind: "duration";
  /** Milliseconds. */
  ms: number;
  text: string;
  range: Range;
}

export interface SizeLiteral {
  kind: "size";
  bytes: number;
  text: string;
  range: Range;
}

export interface BoolLiteral {
  kind: "bool";
  value: boolean;
  range: Range;
}

export interface ListLiteral {
  kind: "list";
  items: Expression[];
  range: Range;
}

export interface MapEntry {
  /** A key is an identifier or a string. */
  key: Name;
  value: Expression | undefined;
  range: Range;
}

export interface MapLiteral {
  kind: "map";
  entries: MapEntry[];
  range: Range;
}

/**
 * One segment of a reference: a name (`.mean`), or an index into a list
 * (`[0]`, whose text is `[0]` and `index` 0).
 */
export interface Segment extends Name {
  /** Set for `[n]`: the index. */
  index?: number;
  /**
   * Set for `/name` in a test's step path (`fail: release/bump`): a step of
   * the workflow the step before it calls, as the run names it.
   */
  called?: true;
}

/**
 * A dotted reference: `name`, `steps.build.output`, `env.HOME`, `run.id`,
 * `workflow.name`, `steps.stats.output.sites[0].mean`. A bare identifier
 * where a name is expected (a step id in `needs`, a status value) is also a
 * reference with one segment.
 */
export interface Reference {
  kind: "ref";
  segments: Segment[];
  range: Range;
}

/** A reference as written: `steps.build.output`, `steps.stats.output.sites[0].mean`. */
export function referenceText(ref: Reference): string {
  return segmentsText(ref.segments);
}

/** Segments as written: names joined by dots, an index (`[0]`) right after what it indexes. */
export function segmentsText(segments: readonly Segment[]): string {
  return segments
    .map((s, i) =>
      s.index !== undefined || i === 0 ? s.text : s.called ? `/${s.text}` : `.${s.text}`,
    )
    .join("");
}

/** One argument of a call: named (`path: out`) or positional (`js("./m.mjs", "f")`). */
export interface Argument {
  name: Name | undefined;
  value: Expression | undefined;
  range: Range;
}

/**
 * `name(arg: value, ...)`: a command call, or `js(...)`; with the keyword,
 * `workflow name(param: value, ...)`: a call of a workflow (the `run` of a step).
 */
export interface CallExpression {
  kind: "call";
  callee: Name;
  args: Argument[];
  /** Range of the parentheses and what is between them. */
  argsRange: Range;
  /** Set for `workflow name(...)`: the range of the keyword `workflow`. */
  workflow?: Range;
  /**
   * Set for `workflow release` written without its `(...)` yet, as it is
   * typed: an MF001 was reported; its arguments are not checked (`args` is
   * empty, `argsRange` empty after the name).
   */
  unopened?: true;
  range: Range;
}

/** The infix operators of conditions. */
export type BinaryOperator = "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||";

/** `a == b`, `a < b`, `a && b`, `a || b` (conditions). */
export interface BinaryExpression {
  kind: "binary";
  operator: BinaryOperator;
  operatorRange: Range;
  left: Expression;
  right: Expression | undefined;
  range: Range;
}

/** `!condition`. */
export interface NotExpression {
  kind: "not";
  operatorRange: Range;
  /** Undefined when it is missing (an MF001 was reported). */
  operand: Expression | undefined;
  range: Range;
}

/** The word that says a `rollback` has nothing to undo: `rollback: none`. */
export const ROLLBACK_NONE = "none";

/**
 * `rollback: none`: the step (or the command) changes nothing that needs
 * undoing — a query, a check, a notification. The parser makes this node only
 * for the whole value of a `rollback` property; anywhere else `none` is an
 * ordinary name (a param, a var or a step may be called `none`).
 */
export interface NoRollback {
  kind: "none";
  range: Range;
}

export type Expression =
  | StringLiteral
  | NumberLiteral
  | DurationLiteral
  | SizeLiteral
  | BoolLiteral
  | ListLiteral
  | MapLiteral
  | Reference
  | CallExpression
  | BinaryExpression
  | NotExpression
  | NoRollback;

// ---------------------------------------------------------------- declarations

/**
 * The references a member's value leaves unfinished outside strings, as one
 * does while typing (`when: steps.build.`, `run: release(key: p.)`): each is
 * an MF001 and missing from the value, as a malformed value is, and kept
 * here with what was written before its dot, so that what reads names as
 * the user types sees them: the param it reads counts as used (no MF012),
 * and what is known of it is highlighted and hovered as in a complete
 * reference. Nothing runs from them (the file has an error).
 */
export interface UnfinishedReferences {
  /** Set only when there is one or more, in the order written. */
  unfinished?: Reference[];
}

/** `key: value` inside a block. */
export interface Property extends UnfinishedReferences {
  kind: "property";
  name: Name;
  /**
   * The item variable of `for_each: <item> in <items>` (the items are the
   * value); undefined for every other property, and for a `for_each` written
   * without `<item> in` (an MF001 was reported).
   */
  item?: Name;
  /** Undefined when the value is missing or could not be parsed (an MF001 was reported). */
  value: Expression | undefined;
  /**
   * The name alone on its line, the start or a misspelling of a property of
   * the block (`ru` for `run`), as it is typed: its MF001 says what is
   * missing and offers that property, so it is no unknown property (MF009).
   */
  typing?: true;
  range: Range;
}

/** A type as written after `:` in a param. */
export interface TypeReference {
  name: Name;
}

/** `name: type = default` — a command parameter or a workflow `param`. */
export interface ParamDeclaration extends UnfinishedReferences {
  kind: "param";
  name: Name;
  type: TypeReference | undefined;
  default: Expression | undefined;
  doc: string | undefined;
  range: Range;
}

/** `var name = expr` in a workflow. */
export interface VarDeclaration extends UnfinishedReferences {
  kind: "var";
  name: Name;
  value: Expression | undefined;
  doc: string | undefined;
  range: Range;
}

/** `step id { ... }`. */
export interface StepDeclaration {
  kind: "step";
  name: Name;
  properties: Property[];
  doc: string | undefined;
  range: Range;
}

/** `workflow name { ... }`: properties, params, vars and steps in the order written. */
export interface WorkflowDeclaration {
  kind: "workflow";
  name: Name;
  properties: Property[];
  params: ParamDeclaration[];
  vars: VarDeclaration[];
  steps: StepDeclaration[];
  /** Every member in source order (for the outline and the formatter). */
  members: (Property | ParamDeclaration | VarDeclaration | StepDeclaration)[];
  doc: string | undefined;
  /** Range of the block's braces, from `{` to `}`. */
  bodyRange: Range;
  range: Range;
}

/** `command name(params) { ... }`. */
export interface CommandDeclaration {
  kind: "command";
  name: Name;
  params: ParamDeclaration[];
  properties: Property[];
  doc: string | undefined;
  bodyRange: Range;
  range: Range;
  /**
   * Set when the command's header line is gone (deleted as it is edited):
   * its name is unknown, and so are its parameters unless they were on
   * lines of their own. Its MF001 says so, once; the checker reports
   * nothing that follows from the missing header.
   */
  headerLost?: true;
}

/** What an `expect` checks. */
export type ExpectSubject = "status" | "step" | "output" | "file" | "duration" | "memory";

/**
 * `expect status == rolled_back`, `expect step build == success`,
 * `expect output build contains "x"`, `expect output build matches "^v\\d"`,
 * `expect file "a.txt" exists`, `expect file "a.txt" contains "x"`,
 * `expect duration < 5s`, `expect memory < 100MB`.
 */
export interface ExpectStatement {
  kind: "expect";
  subject: ExpectSubject;
  subjectRange: Range;
  /** The step id of `step` and `output`. */
  target: Name | undefined;
  /** Fields and indexes after the step id of `output`: `expect output stats.sites[0].mean == 3`. */
  path?: Segment[];
  /** `==`, `!=`, `contains`, `matches`, `exists`, `missing`, `<`, `<=`. */
  operator: "==" | "!=" | "contains" | "matches" | "exists" | "missing" | "<" | "<=" | undefined;
  operatorRange: Range | undefined;
  /** The expected value (a status is a one-segment reference); `file` holds its path here. */
  value: Expression | undefined;
  /**
   * What `expect file <path> ==|!=|contains|matches <text>` compares the
   * file's text with (the path stays in `value`); undefined for the other forms.
   */
  content?: Expression | undefined;
  range: Range;
}

/** `test "name" { ... }`. */
export interface TestDeclaration {
  kind: "test";
  /** The test's name: the string's text, its range the string's. */
  name: Name;
  properties: Property[];
  expects: ExpectStatement[];
  members: (Property | ExpectStatement)[];
  doc: string | undefined;
  bodyRange: Range;
  range: Range;
}

/** `import "./common.momoflow"`. */
export interface ImportDeclaration {
  kind: "import";
  /** The path as written (no interpolation allowed). */
  path: string;
  pathRange: Range;
  range: Range;
}

export type Declaration =
  ImportDeclaration | CommandDeclaration | WorkflowDeclaration | TestDeclaration;

/** A comment as written (kept for the formatter). */
export interface Comment {
  text: string;
  /** `//`, `///` or `/*`. */
  style: "line" | "doc" | "block";
  range: Range;
}

/** A parsed `.momoflow` file. */
export interface SourceFile {
  kind: "file";
  /** Absolute path (or URI) of the file. */
  path: string;
  declarations: Declaration[];
  imports: ImportDeclaration[];
  commands: CommandDeclaration[];
  workflows: WorkflowDeclaration[];
  tests: TestDeclaration[];
  comments: Comment[];
  range: Range;
}

/** Any node with a range. */
export type Node =
  | SourceFile
  | Declaration
  | Property
  | ParamDeclaration
  | VarDeclaration
  | StepDeclaration
  | ExpectStatement
  | Expression;
