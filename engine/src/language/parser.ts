/**
 * The grammar of `.momoflow` (language.md §1–5) and the typed AST it builds.
 *
 * An EmbeddedActionsParser, not a CstParser + visitor: the AST is built in one
 * pass with no intermediate tree (parsing is on every keystroke of the editor),
 * members stay in source order without re-sorting CST children, and the rules
 * know what they are inside of, which is what friendly messages need.
 *
 * Error handling is mostly explicit. A token that may be missing is read with
 * OPTION and its absence reported in words ("expected a value after
 * `timeout:`"); each block's member loop has a last alternative that reports
 * an unexpected token and skips to the next member, block end or declaration.
 * So one mistake never hides the rest, and recovery never needs to throw.
 * Chevrotain's own recovery stays enabled as a safety net: each node is
 * attached to its parent as soon as it starts, so a rule abandoned by that
 * recovery still leaves its partial node in the tree.
 *
 * Speed: semantic code runs under `if (!this.RECORDING_PHASE)` rather than in
 * ACTION closures, the OR alternatives and OPTION definitions that capture
 * nothing are built once, as fields, and values are alternatives of one rule
 * rather than rules of their own. A 10,000-line file makes some 100,000 DSL
 * calls: allocating closures on each cost a third of the parse time, mostly
 * in garbage collection.
 */
import {
  EmbeddedActionsParser,
  EOF,
  tokenMatcher,
  type DSLMethodOpts,
  type IToken,
  type OrMethodOpts,
  type TokenType,
} from "chevrotain";
import type {
  CookedEscape,
  Argument,
  BinaryOperator,
  CallExpression,
  CommandDeclaration,
  ExpectStatement,
  ExpectSubject,
  Expression,
  ImportDeclaration,
  MapEntry,
  Name,
  NumberLiteral,
  ParamDeclaration,
  Position,
  Property,
  Range,
  Reference,
  Segment,
  SourceFile,
  StepDeclaration,
  StringLiteral,
  StringPart,
  TestDeclaration,
  UnfinishedReferences,
  VarDeclaration,
  WorkflowDeclaration,
} from "./ast";
import { ROLLBACK_NONE, segmentsText } from "./ast";
import { PROPERTY_TABLES } from "./check/property-tables";
import { wordBeingTyped } from "./edit-distance";
import { FirstTokenLookahead } from "./first-token-lookahead";
import { offsetName } from "./offset-name";
import { offsetArgument, offsetCall, offsetReference, offsetStringLiteral } from "./offset-nodes";
import { OffsetRange, offsetRange } from "./offset-range";
import { fitted } from "./fitted-array";
import { type BlockScalar, blockScalarAt, tripleQuotedScript } from "./block-scalar";
import { LineIndex } from "./line-index";
import { memberInsideStepMessage, parameterInCommandBodyMessage } from "./misplaced-member";
import { durationMs, sizeBytes } from "../units/quantity";
import { describeToken, parserErrorMessages, unexpected } from "./parser-messages";
import type { DashedKey } from "./dashed-name";
import { isDottedNumber } from "./numeric-literal";
import { type DashedRead, plainStringParts, plainText, readStringLiteral } from "./string-literal";
import type { SyntaxProblem } from "./syntax-problem";
import { tokenEnd, tokenStart } from "./token-range";
import * as T from "./tokens";
import { type TypedCollection, typedCollectionAfter } from "./typed-collection";
import { SHELL_CALL_WORDS, shellActionAdvice } from "./shell-call-words";
import { MEMBER_BLOCK_WORDS, memberBlockMessage, memberLines } from "./member-block";
import { DOLLAR, dollarNameMessage, dollarValueMessage, isEnvironmentStyle } from "./dollar-value";
import { unknownUnitMessage } from "./numeric-literal";
import { afterDotMessage, calledStepMessage, expectPathMessage } from "./unfinished-reference";

/** What the parser reads. */
export interface ParserInput {
  tokens: IToken[];
  /** Doc comments by the offset of the token they document. */
  docs: Map<number, string>;
  lines: LineIndex;
  path: string;
  /** Length of the document's text. */
  textLength: number;
  /** The document's text: what the lexer skipped between two tokens is read there. */
  text: string;
  /** Ranges as {@link OffsetRange}s (for a tree read once: see offset-range.ts). */
  offsetRanges?: boolean;
}

/** The tree, complete or partial, and every syntax error met on the way. */
export interface ParserOutput {
  file: SourceFile;
  problems: SyntaxProblem[];
  /**
   * Spans of the text `[start, end)` (offsets) whose lexer problems are
   * explained by one of {@link problems}: a script whose opening `"""` is
   * being typed (its lines' characters, its closer read as unterminated).
   */
  explained: { start: number; end: number }[];
  /** Interpolations read with a dashed name (`${my-name}`): see dashed-name.ts. */
  dashedReads: DashedRead[];
  /** A test's params written with dashes, said unless the param is declared so (dashed-name.ts). */
  dashedKeys: DashedKey[];
}

/** A block whose members are being read. */
type Owner = WorkflowDeclaration | StepDeclaration | CommandDeclaration | TestDeclaration;

/** Where an unexpected token was met: decides the message and where skipping stops. */
type StrayContext = "top" | "workflow" | "step" | "command" | "test";

/** A block whose header has no `{`, its body read by indentation (see `openIndentedBody`). */
interface IndentedBody {
  owner: Owner;
  /** The header line's indentation: a line no deeper than it ends the body. */
  indentation: number;
  /** The header's last token, after which the `{` goes. */
  header: IToken;
  /** Its MF001, given the braces as its fix once the body is read. */
  problem: SyntaxProblem;
}

type Member = Property | ParamDeclaration | VarDeclaration | StepDeclaration | ExpectStatement;

/** What {@link MomoflowParser.manyInternalLogic} reads of Chevrotain 11's recognizer engine. */
interface RecognizerInternals {
  /** What follows each repetition, by lookahead key, once a first call has walked the grammar. */
  firstAfterRepMap: Record<
    number,
    | { token: TokenType | undefined; occurrence: number | undefined; isEndOfRule: boolean }
    | undefined
  >;
  getLaFuncFromCache(key: number): () => boolean;
  currIdx: number;
  RULE_STACK_IDX: number;
}

/** Chevrotain's own MANY, which {@link MomoflowParser.manyInternalLogic} overrides. */
const chevrotainManyInternalLogic = (
  EmbeddedActionsParser.prototype as unknown as {
    manyInternalLogic(this: unknown, occurrence: number, definition: unknown, key: number): void;
  }
).manyInternalLogic;

/** Chevrotain's own start of the grammar's recording, which {@link MomoflowParser.enableRecording} runs on a prototype. */
const chevrotainEnableRecording = (
  EmbeddedActionsParser.prototype as unknown as { enableRecording(this: object): void }
).enableRecording;

/** Size - 1 of the parser's cache of positions by offset (a power of two). */
const POSITION_CACHE_MASK = 255;

/** How many tokens a search for a forgotten `)` or `]` reads: an error must not cost a read of the file per item. */
const CLOSER_SEARCH_LIMIT = 4096;

/** Deeper lists, maps and calls are refused: recursion must not exhaust the stack. */
const MAX_NESTING = 64;

/**
 * More infix operators in one value are refused: a chain becomes a tree as
 * deep as its operators are many, and the checker, the compiler and the
 * editor's features walk it recursively. With {@link MAX_NESTING}, no path
 * of a value's tree is longer than the two added.
 */
const MAX_OPERATORS = 512;

/** The fan-out property, and the word between its item and its items (no keyword: a name may be `in`). */
const FOR_EACH = "for_each";
const FOR_EACH_IN = "in";
const FOR_EACH_EXAMPLE = '`for_each: file in glob("data/*.csv")`';

/** The type of a param shown as `***`: also written, as a modifier, before a param's name. */
const SECRET = "secret";
/** The property whose map sets environment variables. */
const ENV = "env";
/** A test's property whose map gives the workflow's params. */
const PARAMS = "params";
/** What the keys of a test's `params` are. */
const PARAM_NAME = "a param's name";

/** The type a literal default shows, for a param written without one (`number`: `int` when whole). */
const LITERAL_TYPES: ReadonlyMap<Expression["kind"], string> = new Map([
  ["string", "string"],
  ["number", "number"],
  ["bool", "bool"],
  ["duration", "duration"],
  ["size", "size"],
  ["list", "list"],
  ["map", "map"],
]);

const DURATION_UNIT_WORDS = new Set(["ms", "s", "m", "h"]);
const UNIT_WORDS = new Set([...DURATION_UNIT_WORDS, "B", "KB", "MB", "GB", "TB"]);
/**
 * Words written after a number as units that are not (`5 minutes`, `10 sec`,
 * `2 GiB`), lower-cased: read as the number's unit, so the one mistake is one
 * "unknown unit" error rather than a type error and a property that is none.
 */
const UNIT_LIKE_WORDS = new Set([
  ...["msec", "msecs", "millis", "millisecond", "milliseconds"],
  ...["sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes"],
  ...["hr", "hrs", "hour", "hours", "d", "day", "days", "w", "week", "weeks"],
  ...["byte", "bytes", "k", "kib", "mib", "gib", "tib", "kilobytes", "megabytes", "gigabytes"],
]);
/** Words other languages join conditions with, and the operators this one writes for them. */
const WORD_OPERATORS: ReadonlyMap<string, readonly [string, TokenType]> = new Map([
  ["and", ["&&", T.AndAnd]],
  ["or", ["||", T.OrOr]],
]);

/** Token types that start a value, besides references. */
const VALUE_STARTS: ReadonlySet<TokenType> = new Set([
  T.QuotedString,
  T.SingleQuotedString,
  T.TripleQuotedString,
  T.UnterminatedString,
  T.UnterminatedTripleQuotedString,
  T.NumberLiteral,
  T.DurationLiteral,
  T.SizeLiteral,
  T.MalformedNumber,
  T.True,
  T.False,
  T.LBracket,
  T.LCurly,
  T.Bang,
]);

/** How tightly an infix operator binds: `||` < `&&` < comparisons (as in C and JavaScript). */
function precedence(operator: IToken): number {
  const type = operator.tokenType;
  if (type === T.OrOr) return 1;
  return type === T.AndAnd ? 2 : 3;
}

/** Operands and operators of the infix chain being read: `a == b && c`. */
interface OperatorChain {
  operands: (Expression | undefined)[];
  operators: IToken[];
}

const EXPECT_OPERATORS: Record<Exclude<ExpectSubject, "file">, readonly string[]> = {
  status: ["==", "!="],
  step: ["==", "!="],
  output: ["==", "!=", "contains", "matches"],
  duration: ["<", "<="],
  memory: ["<", "<="],
};

/** What may follow `expect file <path>`: a state, or a comparison of the file's text. */
const FILE_OPERATORS: readonly string[] = ["exists", "missing", "==", "!=", "contains", "matches"];

const STRAY_EXPECTATIONS: Record<StrayContext, string> = {
  top: "expected `import`, `command`, `workflow` or `test`",
  workflow: "expected a property name, `param`, `var` or `step`",
  step: "expected a property name",
  command: "expected a property name",
  test: "expected a property name or `expect`",
};

/** The properties each kind of block accepts, in their tables' order. */
const PROPERTY_NAMES: Readonly<Record<Owner["kind"], readonly string[]>> = {
  workflow: [...PROPERTY_TABLES.workflow.keys()],
  step: [...PROPERTY_TABLES.step.keys()],
  command: [...PROPERTY_TABLES.command.keys()],
  test: [...PROPERTY_TABLES.test.keys()],
};

/** Words that start a declaration: a scan ahead for a block's end stops at them. */
const DECLARATION_WORDS: ReadonlySet<TokenType> = new Set([
  T.Workflow,
  T.Command,
  T.Import,
  T.Test,
]);

/** Words that start a member or a declaration: never a step's id before `{`. */
const HEADER_WORDS: ReadonlySet<TokenType> = new Set([
  T.Step,
  T.Param,
  T.Var,
  T.Workflow,
  T.Command,
  T.Import,
]);

/** What a step accepts: a line of one in a workflow may be a step's body whose header is gone. */
const STEP_PROPERTY_NAMES: ReadonlySet<string> = new Set(PROPERTY_NAMES.step);

/** The declarations whose body may be left when their header line is deleted. */
type HeadlessKind = "workflow" | "test" | "command";

/**
 * Each property of a workflow, a test or a command, and which of them has
 * it: that one alone (a file's line of it may be that declaration's body
 * whose header is gone), or undefined when two or three do.
 */
const HEADLESS_PROPERTY_KINDS: ReadonlyMap<string, HeadlessKind | undefined> = (() => {
  const kinds = new Map<string, HeadlessKind | undefined>();
  for (const kind of ["workflow", "test", "command"] as const)
    for (const name of PROPERTY_NAMES[kind]) kinds.set(name, kinds.has(name) ? undefined : kind);
  return kinds;
})();

/** The header a headless body's error asks for, by its kind. */
const HEADLESS_HEADERS: Readonly<Record<HeadlessKind, string>> = {
  workflow: "workflow <name> {",
  test: 'test "<name>" {',
  command: "command <name> {",
};

/** `` `a`, `b` or `c` `` */
function alternatives(words: readonly string[]): string {
  const quoted = words.map((word) => `\`${word}\``);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}

/**
 * `rollback: none` as its own node; any other value as it is. `none` is no
 * keyword: only the whole value of a `rollback` means "nothing to undo", so a
 * param, var or step called `none` keeps working everywhere else.
 */
function asNoRollback(value: Expression | undefined): Expression | undefined {
  if (value?.kind !== "ref" || value.segments.length !== 1) return value;
  return value.segments[0]!.text === ROLLBACK_NONE ? { kind: "none", range: value.range } : value;
}

function emptyRange(at: Position): Range {
  return { start: at, end: at };
}

/** Just after `token`'s last character, as an offset (where {@link tokenEnd} puts it). */
function endOffset(token: IToken): number {
  return token.startOffset + token.image.length;
}

export class MomoflowParser extends EmbeddedActionsParser {
  private file!: SourceFile;
  private owners: Owner[] = [];
  private problems: SyntaxProblem[] = [];
  /** The cooked escapes of the string {@link readString} read last (see StringLiteral). */
  private cookedEscapes: CookedEscape[] | undefined;
  /** See {@link ParserOutput.explained}. */
  private explained: { start: number; end: number }[] = [];
  /** See {@link ParserOutput.dashedReads}. */
  private dashedReads: DashedRead[] = [];
  /** See {@link ParserOutput.dashedKeys}. */
  private dashedKeys: DashedKey[] = [];
  /** The closing `"""` of the script being skipped (see {@link unopenedScriptAhead}). */
  private unopenedCloser: IToken | undefined;
  private docs = new Map<number, string>();
  private lines = new LineIndex("");
  private lastToken: IToken | undefined;
  private textLength = 0;
  /** The document's text: see {@link ParserInput.text}. */
  private text = "";
  /** Ranges are made as {@link OffsetRange}s. */
  private offsetRanges = false;
  /** Open lists, maps and calls around the current token. */
  private nesting = 0;
  /** The tokens being parsed. */
  private tokens: readonly IToken[] = [];
  /** The file opens more brackets than it closes; undefined until asked ({@link closersMissing}). */
  private unclosed: boolean | undefined;
  /** The infix chains being read, innermost last (parentheses nest them). */
  private chains: OperatorChain[] = [];
  /** The value being read nests too deeply: it is skipped, reported once. */
  private tooDeep = false;
  /** Infix operators read so far in the outermost value being read. */
  private operators = 0;
  /**
   * Values read so far whose mistake is already reported: malformed numbers
   * (`5min`, by the lexer) and references ending with a dot (`steps.`). Such a
   * value is missing from the tree, but not from the text: its report named
   * what to write, and "expected a value" would report the same mistake
   * again, at the next token.
   */
  private reportedValues = 0;
  /**
   * The first token of the reference being read (`steps` of `steps.build.`;
   * the step id of `expect output a.b`), and whether {@link segments} begin
   * with it (an `expect` path's segments do not).
   */
  private referenceHead: IToken | undefined;
  private headInSegments = true;
  /** The reference being read ended with a `.` or `/` and nothing after it: reported. */
  private unfinishedReference = false;
  /**
   * The references left unfinished outside strings in the member being read
   * (a property, a param, a var): attached to it when it is read.
   */
  private unfinishedReferences: Reference[] = [];
  /** A step's `when` is being read: there `steps.<id>.status` is read too. */
  private readingCondition = false;
  /** `needs:` is being read: its list's items are step ids. */
  private readingNeeds = false;
  /** The items' type {@link typedCollectionAhead} found last. */
  private typedCollection: TypedCollection | undefined;
  /** Open brackets among the tokens skipped by the current stray. */
  private strayDepth = 0;
  /** Segments of the reference being read (references do not nest). */
  private segments: Segment[] = [];
  /** Subject and step id of the `expect` being read (expects do not nest). */
  private expectSubject: IToken | undefined;
  private expectTarget: IToken | undefined;
  /** The name of the property being read (its value may be `for_each`'s `item in <items>`). */
  private propertyKey: IToken | undefined;
  /**
   * A test's step is being named (`fail:`, `expect step`, `expect output`):
   * there `/` reads a called workflow's step, `release/bump`. Elsewhere a
   * `/` stays a syntax error.
   */
  private stepPathAllowed = false;
  /**
   * Positions of recently seen offsets (-1: none), where tokens start or end:
   * see {@link rangeOf}. By offset, not by token: a token's end is often the
   * next one's start (`log(`), and both are then one object.
   */
  private readonly positionOffsets: number[] = new Array<number>(POSITION_CACHE_MASK + 1).fill(-1);
  private readonly positions: (Position | undefined)[] = new Array(POSITION_CACHE_MASK + 1);

  /**
   * `validate` runs Chevrotain's grammar validations (a test does): they cost
   * a third of the construction, which every `momoflow check` pays, and they
   * can only fail on a change to this grammar. One token of lookahead is
   * enough (the gates look further where needed) and halves the analysis.
   */
  constructor(options: { validate?: boolean } = {}) {
    super([...T.vocabulary], {
      recoveryEnabled: true,
      maxLookahead: 1,
      lookaheadStrategy: new FirstTokenLookahead({ maxLookahead: 1 }),
      skipValidations: options.validate !== true,
      errorMessageProvider: parserErrorMessages,
    });
    this.performSelfAnalysis();
  }

  /** Parses one document's tokens. Never throws: a failure is reported as a problem. */
  parse(input: ParserInput): ParserOutput {
    this.file = {
      kind: "file",
      path: input.path,
      declarations: [],
      imports: [],
      commands: [],
      workflows: [],
      tests: [],
      comments: [],
      range: { start: { line: 0, character: 0 }, end: input.lines.positionAt(input.textLength) },
    };
    this.owners = [];
    this.indentedBodies = [];
    this.problems = [];
    this.explained = [];
    this.dashedReads = [];
    this.dashedKeys = [];
    this.unopenedCloser = undefined;
    this.docs = input.docs;
    this.lines = input.lines;
    this.textLength = input.textLength;
    this.text = input.text;
    this.offsetRanges = input.offsetRanges === true;
    this.lastToken = input.tokens[input.tokens.length - 1];
    this.nesting = 0;
    this.tooDeep = false;
    this.operators = 0;
    this.reportedValues = 0;
    this.chains = [];
    this.unfinishedReferences = [];
    this.strayDepth = 0;
    this.stepPathAllowed = false;
    // Offsets of the previous document mean nothing here.
    this.positionOffsets.fill(-1);
    this.input = input.tokens;
    this.tokens = input.tokens;
    this.unclosed = undefined;
    try {
      this.sourceFile();
      for (const error of this.errors) this.report(error.message, error.token);
    } catch (error) {
      // A bug must not take the editor down: keep what was built, say what happened.
      const message = error instanceof Error ? error.message : String(error);
      this.problems.push({
        message: `the parser stopped early (${message}); the rest of the file was not read`,
        range: emptyRange({ line: 0, character: 0 }),
        offset: 0,
      });
    }
    const output = {
      file: this.file,
      problems: this.problems,
      explained: this.explained,
      dashedReads: this.dashedReads,
      dashedKeys: this.dashedKeys,
    };
    // The one shared parser must not keep the last document alive (a language
    // server parses many): drop every reference to it.
    this.input = [];
    this.tokens = [];
    this.text = "";
    this.callOpen = undefined;
    this.listOpen = undefined;
    this.positions.fill(undefined);
    this.docs = new Map();
    this.lastToken = undefined;
    // Nor its tree: it would stay in the old generation until the next parse.
    this.file = undefined as unknown as SourceFile;
    this.problems = [];
    this.dashedReads = [];
    this.dashedKeys = [];
    this.owners = [];
    this.segments = [];
    this.propertyKey = undefined;
    this.expectSubject = undefined;
    this.expectTarget = undefined;
    return output;
  }

  /**
   * Chevrotain's OPTION with a GATE, without the closure Chevrotain makes
   * for it on every call (gate && lookahead): some 40,000 closures per
   * 10,000 lines, an eighth of what a parse allocates. Same semantics: the
   * gate first, then the lookahead, then the definition. Overrides a method
   * of Chevrotain 11's recognizer engine that runs only after recording;
   * should it be renamed, Chevrotain's own runs and only the saving is lost.
   */
  optionInternalLogic(
    definition: (() => unknown) | DSLMethodOpts<unknown>,
    _occurrence: number,
    key: number,
  ): unknown {
    const lookahead = (
      this as unknown as { getLaFuncFromCache(key: number): () => boolean }
    ).getLaFuncFromCache(key);
    if (typeof definition === "function")
      return lookahead.call(this) === true ? definition.call(this) : undefined;
    const gate = definition.GATE;
    if (gate !== undefined && !gate.call(this)) return undefined;
    return lookahead.call(this) === true ? definition.DEF.call(this) : undefined;
  }

  /**
   * Chevrotain's MANY, without the two objects it makes on every call (a
   * closure joining gate and lookahead, and the arguments of its recovery):
   * some 17,000 calls per 10,000 lines. Same semantics: the gate first,
   * then the lookahead, then the definition, while it consumes tokens.
   * The first call of each MANY runs Chevrotain's own method, which learns
   * what follows the repetition. Later calls run Chevrotain's method after
   * their loop only where its in-repetition recovery could act: the next
   * token is not the one expected after the repetition (see Chevrotain's
   * attemptInRepetitionRecovery). Its loop then stops at once (gate and
   * lookahead are asked again, on the same token), and its recovery runs.
   * Overrides a method of Chevrotain 11's recognizer engine, like
   * {@link optionInternalLogic}.
   */
  /**
   * Chevrotain records the grammar (once, when the parser is built) with
   * methods of its own in place of the DSL's: 89 of them set on the parser
   * itself, then deleted one by one, which turns the parser into a slow
   * dictionary and back — a fifth of its construction, which every
   * `momoflow check` pays. They are set on a prototype put between the
   * parser and its class instead, and the prototype taken away after.
   */
  enableRecording(): void {
    const recording = Object.create(Object.getPrototypeOf(this) as object) as object;
    chevrotainEnableRecording.call(recording);
    this.RECORDING_PHASE = true;
    Object.setPrototypeOf(this, recording);
  }

  /** Ends what {@link enableRecording} began. */
  disableRecording(): void {
    this.RECORDING_PHASE = false;
    Object.setPrototypeOf(this, Object.getPrototypeOf(Object.getPrototypeOf(this)) as object);
  }

  manyInternalLogic(
    occurrence: number,
    definition: (() => void) | DSLMethodOpts<void>,
    key: number,
  ): void {
    const engine = this as unknown as RecognizerInternals;
    const after = engine.firstAfterRepMap[key];
    if (after === undefined) {
      chevrotainManyInternalLogic.call(this, occurrence, definition, key);
      return;
    }
    const lookahead = engine.getLaFuncFromCache(key);
    const action = typeof definition === "function" ? definition : definition.DEF;
    const gate = typeof definition === "function" ? undefined : definition.GATE;
    let notStuck = true;
    // In Chevrotain's order: gate and lookahead are asked before `notStuck`.
    while ((gate === undefined || gate.call(this)) && lookahead.call(this) === true && notStuck) {
      const before = engine.currIdx;
      action.call(this);
      notStuck = engine.currIdx > before;
    }
    // Recovery tries nothing when stuck, or when what follows the repetition is next.
    if (!notStuck) return;
    let expected = after.token;
    let expectedOccurrence = after.occurrence;
    if (engine.RULE_STACK_IDX === 0 && after.isEndOfRule && expected === undefined) {
      expected = EOF;
      expectedOccurrence = 1;
    }
    if (expected === undefined || expectedOccurrence === undefined) return;
    if (tokenMatcher(this.LA(1), expected)) return;
    chevrotainManyInternalLogic.call(this, occurrence, definition, key);
  }

  // ---------------------------------------------- DSL pieces built only once

  private readonly colon = (): IToken => this.CONSUME(T.Colon);
  private readonly comma = (): IToken => this.CONSUME(T.Comma);
  private readonly name = (): IToken => this.CONSUME(T.Name);
  /**
   * A declaration's name, on its keyword's line: a name on a later line is
   * the next member (`param` typed above `param part: string`), not this
   * one's name.
   */
  private readonly nameOnLine: DSLMethodOpts<IToken> = {
    GATE: () => this.onSameLine(this.LA(0), this.LA(1)),
    DEF: this.name,
  };
  private readonly openCurly = (): IToken => this.CONSUME(T.LCurly);
  private readonly closeCurly = (): IToken => this.CONSUME(T.RCurly);
  /** A block's `}`, unless its body is read by indentation (the `}` is an outer block's). */
  private readonly closeCurlyOfBody: DSLMethodOpts<IToken> = {
    GATE: () => !this.inIndentedBody(),
    DEF: this.closeCurly,
  };
  private readonly closeParen = (): IToken => this.CONSUME(T.RParen);
  private readonly closeBracket = (): IToken => this.CONSUME(T.RBracket);
  private readonly string = (): IToken => this.CONSUME(T.StringToken);
  private readonly equals = (): IToken => this.CONSUME(T.Equals);

  /**
   * `name(args)` after the keyword `workflow` read as a value: a call of a
   * workflow (`run: workflow release(part: "patch")`). Only where the keyword
   * is followed by a name and `(`: `workflow.name` stays a reference.
   */
  private readonly workflowCallArguments: DSLMethodOpts<CallExpression> = {
    GATE: () =>
      tokenMatcher(this.LA(0), T.Workflow) &&
      tokenMatcher(this.LA(1), T.Name) &&
      tokenMatcher(this.LA(2), T.LParen),
    DEF: () => {
      // Indices apart from forEachItem's: both are inlined into `property`.
      this.CONSUME4(T.Name);
      return this.SUBRULE(this.callArguments);
    },
  };

  /** `run: workflow release` without its `(` yet, as it is typed: the callee's name, on its line. */
  private readonly workflowCalleeAlone: DSLMethodOpts<IToken> = {
    GATE: () =>
      tokenMatcher(this.LA(0), T.Workflow) &&
      tokenMatcher(this.LA(1), T.Name) &&
      !tokenMatcher(this.LA(2), T.LParen) &&
      !this.at(T.Colon, 2) &&
      this.onSameLine(this.LA(0), this.LA(1)),
    DEF: () => this.CONSUME5(T.Name),
  };

  /**
   * A value on the line of the last token read: after a map key without its
   * `:`, a value on a later line is the next member (`params: { t` above `expect`).
   */
  private readonly valueOnLine: DSLMethodOpts<Expression | undefined> = {
    GATE: () => this.valueAhead() && this.onSameLine(this.LA(0), this.LA(1)),
    DEF: () => this.SUBRULE(this.expression),
  };

  /** A value, unless what follows is the next property, member or declaration. */
  private readonly optionalValue: DSLMethodOpts<Expression | undefined> = {
    GATE: () => this.valueAhead(),
    DEF: () => this.SUBRULE(this.expression),
  };

  /**
   * A property's value: not what starts a later line no deeper indented
   * than the property's own (`fail:` left empty above `expect step a ==
   * success` is missing its value; `expect` is the next member).
   */
  private readonly propertyValue: DSLMethodOpts<Expression | undefined> = {
    GATE: () => this.valueAhead() && !this.nextMemberAhead(),
    DEF: () => this.SUBRULE2(this.expression),
  };

  private readonly declarations: OrMethodOpts<void> = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        GATE: () => this.headlessParametersAhead(),
        ALT: () => this.SUBRULE(this.headlessCommandParameters),
      },
      {
        GATE: () => this.headlessDeclarationAhead() !== undefined,
        ALT: () => this.SUBRULE(this.headlessDeclaration),
      },
      { ALT: () => this.SUBRULE(this.importDeclaration) },
      {
        GATE: () => !this.at(T.Identifier) || this.declarationKeywordBeingTyped("command"),
        ALT: () => this.SUBRULE(this.commandDeclaration),
      },
      {
        GATE: () => this.commandWithoutKeywordAhead(),
        ALT: () => this.SUBRULE(this.commandWithoutKeyword),
      },
      {
        GATE: () => !this.at(T.Identifier) || this.declarationKeywordBeingTyped("workflow"),
        ALT: () => this.SUBRULE(this.workflowDeclaration),
      },
      {
        GATE: () => !this.at(T.Identifier) || this.declarationKeywordBeingTyped("test"),
        ALT: () => this.SUBRULE(this.testDeclaration),
      },
      { ALT: () => this.SUBRULE(this.stray, { ARGS: ["top"] }) },
    ],
  };

  private readonly workflowMembers: OrMethodOpts<void> = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { ALT: () => this.SUBRULE(this.workflowParameter) },
      { ALT: () => this.SUBRULE(this.variable) },
      {
        GATE: () => !this.at(T.Identifier) || this.stepKeywordBeingTyped(),
        ALT: () => this.SUBRULE(this.step),
      },
      { GATE: () => this.memberBlockAhead(), ALT: () => this.SUBRULE(this.memberBlock) },
      {
        GATE: () => this.stepWithoutKeywordAhead(),
        ALT: () => this.SUBRULE(this.stepWithoutKeyword),
      },
      { GATE: () => this.headlessStepAhead(), ALT: () => this.SUBRULE(this.headlessStep) },
      { GATE: () => this.propertyAhead(), ALT: () => this.SUBRULE(this.property) },
      { ALT: () => this.SUBRULE(this.stray, { ARGS: ["workflow"] }) },
    ],
  };

  private readonly stepMembers: OrMethodOpts<void> = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { GATE: () => this.memberInsideStep(), ALT: () => this.SUBRULE(this.misplacedMember) },
      { GATE: () => this.propertyAhead(), ALT: () => this.SUBRULE(this.property) },
      { ALT: () => this.SUBRULE(this.stray, { ARGS: ["step"] }) },
    ],
  };

  private readonly commandMembers: OrMethodOpts<void> = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        GATE: () => this.atWorkflowMemberStart(T.Param),
        ALT: () => this.SUBRULE(this.parameterInBody),
      },
      { GATE: () => this.propertyAhead(), ALT: () => this.SUBRULE(this.property) },
      { ALT: () => this.SUBRULE(this.stray, { ARGS: ["command"] }) },
    ],
  };

  private readonly testMembers: OrMethodOpts<void> = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { ALT: () => this.SUBRULE(this.expectStatement) },
      { GATE: () => this.propertyAhead(), ALT: () => this.SUBRULE(this.property) },
      { ALT: () => this.SUBRULE(this.stray, { ARGS: ["test"] }) },
    ],
  };

  /** `command`, or the start of it being typed above a command's body (see {@link declarationKeywordBeingTyped}). */
  private readonly commandKeywords = this.keywordOrWordTyped(T.Command);
  /** `workflow`, or the start of it being typed above a workflow's body (see {@link declarationKeywordBeingTyped}). */
  private readonly workflowKeywords = this.keywordOrWordTyped(T.Workflow);
  /** `test`, or the start of it being typed above a test's body (see {@link declarationKeywordBeingTyped}). */
  private readonly testKeywords = this.keywordOrWordTyped(T.Test);
  /** `step`, or the start of it being typed above a step's body (see {@link stepKeywordBeingTyped}). */
  private readonly stepKeywords = this.keywordOrWordTyped(T.Step);

  /**
   * The alternatives of `keyword` or a word (the keyword being typed): one
   * object per keyword, made once with the parser, as Chevrotain reads the
   * same options object on every parse.
   */
  private keywordOrWordTyped(keyword: TokenType): OrMethodOpts<IToken> {
    return {
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [{ ALT: () => this.CONSUME(keyword) }, { ALT: () => this.CONSUME(T.Identifier) }],
    };
  }

  private readonly workflowBody: DSLMethodOpts<void> = {
    GATE: () => this.insideBody(false),
    DEF: () => this.OR(this.workflowMembers),
  };

  private readonly stepBody: DSLMethodOpts<void> = {
    GATE: () => this.insideBody(true),
    DEF: () => this.OR(this.stepMembers),
  };

  private readonly commandBody: DSLMethodOpts<void> = {
    GATE: () => this.insideBody(false),
    DEF: () => this.OR(this.commandMembers),
  };

  private readonly testBody: DSLMethodOpts<void> = {
    GATE: () => this.insideBody(false),
    DEF: () => this.OR(this.testMembers),
  };

  /** A parameter and its comma, or a token that is none (reported and skipped alone). */
  private readonly parameterListItems: OrMethodOpts<void> = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        ALT: () => {
          this.SUBRULE(this.commandParameter);
          const comma = this.OPTION2(this.comma);
          if (
            !this.RECORDING_PHASE &&
            comma === undefined &&
            this.at(T.Name) &&
            !this.parametersEndedBefore()
          ) {
            this.reportNext("expected `,` between parameters");
          }
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.AnyToken);
          if (!this.RECORDING_PHASE)
            this.report(`${unexpected(token)}: expected a parameter name`, token);
        },
      },
    ],
  };

  /** What follows `expect`: the subject, and the step id of `step` and `output`. */
  private readonly expectSubjects: OrMethodOpts<void> = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        ALT: () => {
          this.expectSubject = this.CONSUME(T.TargetedSubject);
          // OPTION: runs inside expectStatement, whose own OPTIONs are numbered from 2.
          this.expectTarget = this.OPTION({
            GATE: () => !this.at(T.Colon, 2) && this.onSameLine(this.LA(0), this.LA(1)),
            DEF: this.name,
          });
          // `expect output stats.sites[0].mean`: the path read with the segments of a reference.
          if (!this.RECORDING_PHASE) {
            this.segments = [];
            this.referenceHead = this.expectTarget;
            this.headInSegments = false;
            this.unfinishedReference = false;
          }
          this.stepPathAllowed = true;
          try {
            this.MANY(this.referenceSegments);
          } finally {
            this.stepPathAllowed = false;
          }
        },
      },
      { ALT: () => void (this.expectSubject = this.CONSUME(T.PlainSubject)) },
      { ALT: () => void (this.expectSubject = this.CONSUME(T.File)) },
      {
        ALT: () => {
          if (!this.RECORDING_PHASE) {
            this.reportNext(
              "expected `status`, `step`, `output`, `file`, `duration` or `memory` after `expect`",
            );
            this.strayDepth = 0;
          }
          this.SUBRULE(this.skip, { ARGS: ["test"] });
        },
      },
    ],
  };

  /** What an infix operator joins: `!`, parentheses, or a value. */
  private readonly primaries: OrMethodOpts<Expression | undefined> = {
    DEF: [
      {
        ALT: () => {
          const bang = this.CONSUME(T.Bang);
          // `!!!...` recurses: it counts as nesting.
          if (!this.RECORDING_PHASE) this.enterNesting(bang);
          const reported = this.reportedValues;
          try {
            const operand = this.OPTION(this.optionalOperand);
            if (this.RECORDING_PHASE) return undefined;
            if (operand === undefined && !this.tooDeep && this.reportedValues === reported)
              this.reportNext("expected a condition after `!`");
            return {
              kind: "not",
              operatorRange: this.rangeOf(bang),
              operand,
              range: this.rangeFrom(bang),
            };
          } finally {
            if (!this.RECORDING_PHASE) this.leaveNesting();
          }
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          if (!this.RECORDING_PHASE) this.enterNesting(open);
          const reported = this.reportedValues;
          try {
            const inner = this.OPTION2(this.optionalValue);
            this.skipTooDeep();
            const close = this.OPTION6(this.closeParen);
            if (this.RECORDING_PHASE) return undefined;
            if (inner === undefined && !this.tooDeep && this.reportedValues === reported)
              this.reportNext("expected a condition inside `( )`");
            else if (close === undefined && !this.tooDeep)
              this.reportMissingCloser(
                `expected \`)\` to close the \`(\` opened at ${this.where(open)}`,
              );
            return inner;
          } finally {
            if (!this.RECORDING_PHASE) this.leaveNesting();
          }
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.StringToken);
          return this.RECORDING_PHASE ? undefined : this.stringLiteral(token);
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.NumberLiteral);
          const unit = this.OPTION3(this.detachedUnit);
          return this.RECORDING_PHASE ? undefined : this.numberLiteral(token, unit);
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.DurationLiteral);
          if (this.RECORDING_PHASE) return undefined;
          return {
            kind: "duration",
            ms: durationMs(token.image),
            text: token.image,
            range: this.rangeOf(token),
          };
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.SizeLiteral);
          if (this.RECORDING_PHASE) return undefined;
          return {
            kind: "size",
            bytes: sizeBytes(token.image),
            text: token.image,
            range: this.rangeOf(token),
          };
        },
      },
      {
        ALT: () => {
          // Its problem was reported by the lexer.
          const token = this.CONSUME(T.MalformedNumber);
          if (this.RECORDING_PHASE) return undefined;
          this.reportedValues++;
          // `1.2.3`: read as the string `"1.2.3"` meanwhile, no type error as well.
          if (!isDottedNumber(token.image)) return undefined;
          const parts: StringPart[] = [{ kind: "text", value: token.image }];
          return { kind: "string", parts, triple: false, range: this.rangeOf(token) };
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.BoolToken);
          if (this.RECORDING_PHASE) return undefined;
          return { kind: "bool", value: token.tokenType === T.True, range: this.rangeOf(token) };
        },
      },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.map) },
      {
        ALT: () => {
          const head = this.CONSUME(T.ReferenceStart);
          // `$HOME`, `$n` outside a string: its `$` (the lexer's error) is said here.
          const dollarName =
            !this.RECORDING_PHASE && this.text.charCodeAt(head.startOffset - 1) === DOLLAR
              ? this.dollarReference(head)
              : undefined;
          // `not a`, as Python writes `!a`: reported, and read as `!a`. Asked only
          // after a `not` (the recording phase sees it all the same): every
          // reference is read here, and the option's lookahead costs the parse.
          const negated =
            this.RECORDING_PHASE || head.image === "not"
              ? this.option(30, {
                  GATE: () => this.notOperandAhead(head),
                  DEF: () => this.SUBRULE5(this.operand),
                })
              : undefined;
          if (negated !== undefined && !this.RECORDING_PHASE) return this.wordNot(head, negated);
          const call = this.OPTION4(this.callArgumentsOption);
          // Made holding its first segment: a reference that is its name alone
          // (`needs: build`, most of them) keeps this array as it is, where a
          // first push would have reserved room for 17.
          const segments: Segment[] = this.RECORDING_PHASE ? [] : [dollarName ?? this.nameOf(head)];
          if (!this.RECORDING_PHASE) {
            this.segments = segments;
            this.referenceHead = head;
            this.headInSegments = true;
            this.unfinishedReference = false;
          }
          this.MANY(this.referenceSegments);
          if (this.RECORDING_PHASE) return undefined;
          if (this.unfinishedReference && call === undefined) {
            // Reported with what it lacks; like `${steps.}`, it is no value the checker
            // reads, but what is written is kept on the member for the editor.
            this.unfinishedReference = false;
            this.reportedValues++;
            this.unfinishedReferences.push({
              kind: "ref",
              segments: fitted(segments),
              range: { start: segments[0]!.range.start, end: segments.at(-1)!.range.end },
            });
            return undefined;
          }
          if (call === undefined) {
            const kept = segments.length === 1 ? segments : fitted(segments);
            if (this.offsetRanges)
              return offsetReference(kept, this.lines, head.startOffset, endOffset(this.LA(0)));
            // A reference that is its name alone (`needs: build`) shares the name's range.
            const range = this.LA(0) === head ? segments[0]!.range : this.rangeFrom(head);
            return { kind: "ref", segments: kept, range };
          }
          if (segments.length > 1)
            this.report("a call's result has no fields", segments[1]!.range, head);
          return call;
        },
      },
    ],
  };

  /**
   * `file in` of `for_each: file in <items>`: the item's name (`in` is a word
   * only there); also the name alone before the items, its `in` left out.
   */
  private readonly forEachItem: DSLMethodOpts<IToken> = {
    GATE: () =>
      this.propertyKey?.image === FOR_EACH ? this.forEachItemAhead() : this.itemInAhead(),
    DEF: () => {
      const item = this.CONSUME2(T.Name);
      this.OPTION7({ GATE: () => this.forEachInAhead(), DEF: () => this.CONSUME3(T.Name) });
      return item;
    },
  };

  /** `in` of `for_each: in <items>`, the item's name before it left out. */
  private readonly forEachInAlone: DSLMethodOpts<IToken> = {
    GATE: () =>
      this.propertyKey?.image === FOR_EACH &&
      this.LA(1).image === FOR_EACH_IN &&
      this.itemsAfterOnLine(1),
    DEF: () => this.CONSUME6(T.Name),
  };

  /** `10 MB`: a unit written apart from its number. */
  private readonly detachedUnit: DSLMethodOpts<IToken> = {
    GATE: () => this.detachedUnitAhead(),
    DEF: () => this.CONSUME(T.Identifier),
  };

  /** An operand, unless what follows is the next property, member or declaration. */
  private readonly optionalOperand: DSLMethodOpts<Expression | undefined> = {
    GATE: () => this.valueAhead(),
    DEF: () => this.SUBRULE(this.operand),
  };

  /** The operand after an infix operator. */
  private readonly rightOperand: DSLMethodOpts<Expression | undefined> = {
    GATE: () => this.valueAhead(),
    DEF: () => this.SUBRULE2(this.operand),
  };

  /** `<operator> operand` after an operand: kept in the innermost chain. */
  private readonly infixOperation: DSLMethodOpts<void> = {
    GATE: () =>
      !this.tooDeep &&
      !this.tooManyOperators() &&
      (this.at(T.BinaryOperator) ||
        this.wordOperatorAhead() ||
        this.singleEqualsAhead() ||
        this.containsAhead()),
    DEF: () => {
      const operator = this.OR8(this.infixOperator);
      const malformed = this.reportedValues;
      // OPTION9: `expression` reads its first operand inline, with the OPTIONs of `primaries`.
      const right = this.OPTION9(this.rightOperand);
      if (this.RECORDING_PHASE) return;
      this.operators++;
      const chain = this.chains[this.chains.length - 1]!;
      chain.operators.push(operator);
      chain.operands.push(right);
      if (right === undefined && !this.tooDeep)
        this.reportMissingValue(`expected a value after \`${operator.image}\``, malformed);
    },
  };

  /**
   * `&&`, `||`, a comparison (`===` and `!==` reported and read as `==` and
   * `!=`); or `and` / `or`, reported and read as `&&` / `||`; or `=` in a
   * condition, reported and read as `==`.
   */
  private readonly infixOperator: OrMethodOpts<IToken> = {
    DEF: [
      {
        ALT: () => {
          const operator = this.CONSUME(T.BinaryOperator);
          return this.RECORDING_PHASE ? operator : this.strictEqualityRead(operator);
        },
      },
      {
        GATE: () => this.singleEqualsAhead(),
        ALT: () => {
          const equals = this.CONSUME2(T.Equals);
          return this.RECORDING_PHASE ? equals : this.equalsAsComparison(equals);
        },
      },
      {
        GATE: () => this.wordOperatorAhead(),
        ALT: () => {
          const word = this.CONSUME5(T.Identifier);
          return this.RECORDING_PHASE ? word : this.wordOperator(word);
        },
      },
      // `b contains "a"`, as an `expect` writes it: read as `contains(b, "a")` (see containsCall).
      { GATE: () => this.containsAhead(), ALT: () => this.CONSUME(T.Contains) },
    ],
  };

  private readonly mapKeys: OrMethodOpts<IToken> = {
    DEF: [{ ALT: () => this.CONSUME(T.Name) }, { ALT: () => this.CONSUME(T.StringToken) }],
  };

  private readonly callArgumentsOption = (): CallExpression => this.SUBRULE(this.callArguments);

  /** `.name` or `[index]` after a reference; an index only on the line it follows. */
  private readonly referenceSegments: DSLMethodOpts<void> = {
    GATE: () => !this.at(T.LBracket) || this.onSameLine(this.LA(0), this.LA(1)),
    DEF: () => this.OR3(this.segmentKinds),
  };

  /**
   * The name after a `.`, on the dot's line: a name on a later line starts the
   * next member (`when: steps.` above `run: ...`), it finishes no reference.
   * CONSUME2: `expectStatement` reads the step id with CONSUME(Name) before the path.
   */
  private readonly segmentName: DSLMethodOpts<IToken> = {
    GATE: () => this.onSameLine(this.LA(0), this.LA(1)),
    DEF: () => this.CONSUME2(T.Name),
  };
  /** The step after `/`, on its line: index 9, apart from every other Name this rule's callers consume. */
  private readonly calledStepName: DSLMethodOpts<IToken> = {
    GATE: () => this.onSameLine(this.LA(0), this.LA(1)),
    DEF: () => this.consume(9, T.Name),
  };

  private readonly segmentKinds: OrMethodOpts<void> = {
    DEF: [
      {
        ALT: () => {
          const dot = this.CONSUME(T.Dot);
          // Runs inside `operand`, whose other OPTIONs take 1 to 4 and 6.
          const segment = this.OPTION5(this.segmentName);
          if (this.RECORDING_PHASE) return;
          if (segment !== undefined) this.segments.push(this.nameOf(segment));
          else this.reportUnfinished(dot);
        },
      },
      {
        // `release/bump`: only where a test names a step, see {@link stepPathAllowed}
        // (checked here, not in a GATE: a gated alternative slows every segment's lookahead).
        ALT: () => {
          const slash = this.CONSUME(T.Slash);
          // Index 23: past the OPTIONs of `operand` and of `expectStatement` (up to 22).
          const segment = this.option(23, this.calledStepName);
          if (this.RECORDING_PHASE) return;
          if (!this.stepPathAllowed)
            this.report(
              "unexpected `/`: it names a called workflow's step only where a test names a step (`fail: release/bump`)",
              slash,
            );
          else if (segment !== undefined)
            this.segments.push({
              text: segment.image,
              range: this.rangeOf(segment),
              called: true,
            });
          else this.reportUnfinished(slash);
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LBracket);
          const index = this.OPTION7(() => this.CONSUME2(T.NumberLiteral));
          const close = this.OPTION8(this.closeBracket);
          if (this.RECORDING_PHASE) return;
          this.readIndex(open, index, close);
        },
      },
    ],
  };

  private readonly namedArgument: DSLMethodOpts<IToken> = {
    GATE: () => this.at(T.Colon, 2),
    DEF: () => {
      const token = this.CONSUME(T.Name);
      this.CONSUME(T.Colon);
      return token;
    },
  };

  private readonly skipToken: DSLMethodOpts<void> = {
    GATE: () => !this.atResumePoint(this.skipContext),
    DEF: () => {
      const token = this.CONSUME(T.AnyToken);
      if (!this.RECORDING_PHASE) this.trackBrackets(token);
    },
  };

  /** The items of the list being read (each list keeps its caller's and restores it). */
  private listItems: Expression[] = [];
  /** The `[` of the list being read. */
  private listOpen: IToken | undefined;

  /** An item of a list and its comma. */
  private readonly listItem: DSLMethodOpts<void> = {
    GATE: () => this.valueAhead() && !this.closerForgotten(this.listOpen, T.RBracket),
    DEF: () => {
      const item = this.SUBRULE(this.expression);
      const comma = this.OPTION(this.comma);
      if (this.RECORDING_PHASE) return;
      if (item !== undefined) this.listItems.push(item);
      if (
        comma === undefined &&
        this.valueAhead() &&
        !this.closerForgotten(this.listOpen, T.RBracket)
      )
        this.reportNext("expected `,` between list items");
    },
  };

  /** The arguments of the call being read (each call keeps its caller's and restores it). */
  private callArgs: Argument[] = [];
  /** The `(` of the call being read. */
  private callOpen: IToken | undefined;

  /** An argument of a call and its comma. */
  private readonly callArgument: DSLMethodOpts<void> = {
    GATE: () => this.argumentAhead() && !this.closerForgotten(this.callOpen, T.RParen),
    DEF: () => {
      const argument = this.SUBRULE(this.argument);
      const comma = this.OPTION(this.comma);
      if (this.RECORDING_PHASE) return;
      this.callArgs.push(argument);
      if (
        comma === undefined &&
        this.argumentAhead() &&
        !this.closerForgotten(this.callOpen, T.RParen)
      )
        this.reportNext("expected `,` between arguments");
    },
  };

  /** Where the running skip may stop. */
  private skipContext: StrayContext = "top";

  // ------------------------------------------------------------- declarations

  private readonly sourceFile = this.RULE("sourceFile", () => {
    this.MANY(() => this.OR(this.declarations));
  });

  private readonly importDeclaration = this.RULE("importDeclaration", () => {
    const keyword = this.CONSUME(T.Import);
    const path = this.OPTION(this.string);
    if (this.RECORDING_PHASE) return;
    const node: ImportDeclaration = {
      kind: "import",
      path: "",
      pathRange: this.emptyRangeAfter(keyword),
      range: this.rangeOf(keyword),
    };
    if (path === undefined) {
      this.reportNext(
        'expected the path of the file to import, as a string: `import "./common.momoflow"`',
      );
    } else {
      node.path = plainText(this.readString(path, "an import path"));
      node.pathRange = this.rangeOf(path);
      this.extendTo(node.range, path);
    }
    this.file.declarations.push(node);
    this.file.imports.push(node);
  });

  private readonly commandDeclaration = this.RULE("commandDeclaration", () => {
    const keyword = this.OR2(this.commandKeywords);
    let node!: CommandDeclaration;
    if (!this.RECORDING_PHASE) {
      if (keyword.tokenType === T.Identifier) this.reportKeywordBeingTyped(keyword, "command");
      node = {
        kind: "command",
        name: this.missingName(keyword),
        params: [],
        properties: [],
        doc: this.docs.get(keyword.startOffset),
        bodyRange: this.emptyRangeAfter(keyword),
        range: this.rangeOf(keyword),
      };
      this.openDeclaration(node);
    }
    try {
      const name = this.OPTION(this.nameOnLine);
      if (!this.RECORDING_PHASE) this.nameDeclaration(node, name, keyword, "a command name");
      this.OPTION2(() => this.SUBRULE(this.commandParameters, { ARGS: [node] }));
      this.OPTION5({
        GATE: () => this.unopenedParametersAhead(),
        DEF: () => this.SUBRULE(this.unopenedCommandParameters, { ARGS: [node] }),
      });
      const open = this.OPTION3(this.openCurly);
      if (!this.RECORDING_PHASE) this.openBody(node, open);
      this.MANY(this.commandBody);
      const close = this.OPTION4(this.closeCurlyOfBody);
      if (!this.RECORDING_PHASE) this.closeBody(node, keyword, open, close);
    } finally {
      if (!this.RECORDING_PHASE) this.closeOwner(node);
    }
  });

  /**
   * `upload(target: string) {` above a command's body, its `command` deleted
   * (see {@link commandWithoutKeywordAhead}): the command `upload` with its
   * parameters, said once on its name, with `command upload` as the fix, so
   * the body's reads of its parameters and its callers' arguments are
   * checked as before.
   */
  private readonly commandWithoutKeyword = this.RULE("commandWithoutKeyword", () => {
    const name = this.CONSUME(T.Name);
    let node!: CommandDeclaration;
    if (!this.RECORDING_PHASE) {
      this.reportReplaceable(
        `expected \`command\` before \`${name.image}\`: a command's header is \`command ${name.image}(...) {\``,
        name,
        `command ${name.image}`,
      );
      node = {
        kind: "command",
        name: this.nameOf(name),
        params: [],
        properties: [],
        doc: this.docs.get(name.startOffset),
        bodyRange: this.emptyRangeAfter(name),
        range: this.rangeOf(name),
      };
      this.openDeclaration(node);
    }
    try {
      this.SUBRULE(this.commandParameters, { ARGS: [node] });
      const open = this.OPTION(this.openCurly);
      if (!this.RECORDING_PHASE) this.openBody(node, open);
      this.MANY(this.commandBody);
      const close = this.OPTION2(this.closeCurlyOfBody);
      if (!this.RECORDING_PHASE) this.closeBody(node, name, open, close);
    } finally {
      if (!this.RECORDING_PHASE) this.closeOwner(node);
    }
  });

  /** `(name: type = default, ...)` after a command's name. */
  private readonly commandParameters = this.RULE(
    "commandParameters",
    (node: CommandDeclaration) => {
      const open = this.CONSUME(T.LParen);
      this.MANY({
        GATE: () =>
          !this.at(T.RParen) &&
          !this.at(T.LCurly) &&
          !this.atEnd() &&
          !this.atDeclarationStart() &&
          !this.parametersEndedBefore(),
        DEF: () => this.OR(this.parameterListItems),
      });
      const close = this.OPTION(this.closeParen);
      if (!this.RECORDING_PHASE && close === undefined) {
        this.reportNext(
          `expected \`)\` to close the parameters of ${this.describeOwner(node)} opened at ${this.where(open)}`,
        );
      }
    },
  );

  /**
   * A command's parameters on lines of their own, down to their `)`, whose
   * `(` went with the end of the header line (`command upload` left of
   * `command upload(`; see {@link unopenedParametersAhead}): read as its
   * parameters, the `(` said missing once, so that the lines are not the
   * body's unknown properties, nor its callers' arguments unknown.
   */
  private readonly unopenedCommandParameters = this.RULE(
    "unopenedCommandParameters",
    (node: CommandDeclaration) => {
      if (!this.RECORDING_PHASE) {
        this.report(
          `expected \`(\` after ${this.describeOwner(node)}: the parameters below it need their \`(\``,
          this.LA(0),
        );
      }
      this.SUBRULE(this.parameterLines);
    },
  );

  /**
   * A command's parameters and their `)` whose header line is gone whole
   * (`command upload(` deleted; see {@link headlessParametersAhead}): a
   * command without a name, said once on its first parameter, that keeps
   * its parameters and its body, so that the body's reads of its
   * parameters are no errors, nor is its body stray text.
   */
  private readonly headlessCommandParameters = this.RULE("headlessCommandParameters", () => {
    const first = this.LA(1);
    let node!: CommandDeclaration;
    if (!this.RECORDING_PHASE) {
      this.report(
        `\`${first.image}\` is a command's parameter: expected \`command <name>(\` above it`,
        first,
      );
      const start = this.offsetRanges
        ? offsetRange(this.lines, first.startOffset, first.startOffset)
        : emptyRange(this.startOf(first));
      node = {
        kind: "command",
        name: { text: "", range: start },
        params: [],
        properties: [],
        doc: undefined,
        bodyRange: this.emptyRangeAfter(first),
        range: this.rangeOf(first),
        headerLost: true,
      };
      this.openDeclaration(node);
    }
    try {
      this.SUBRULE(this.parameterLines);
      const open = this.OPTION(this.openCurly);
      if (!this.RECORDING_PHASE) this.openBody(node, open);
      this.MANY(this.commandBody);
      const close = this.OPTION2(this.closeCurlyOfBody);
      if (!this.RECORDING_PHASE) this.closeBody(node, first, open, close);
    } finally {
      if (!this.RECORDING_PHASE) this.closeOwner(node);
    }
  });

  /** Parameters down to their `)`, which the lookahead that chose this rule saw. */
  private readonly parameterLines = this.RULE("parameterLines", () => {
    this.MANY({
      GATE: () => !this.at(T.RParen) && !this.atEnd(),
      DEF: () => this.OR(this.parameterListItems),
    });
    this.CONSUME(T.RParen);
  });

  private readonly workflowDeclaration = this.RULE("workflowDeclaration", () => {
    const keyword = this.OR2(this.workflowKeywords);
    let node!: WorkflowDeclaration;
    if (!this.RECORDING_PHASE) {
      if (keyword.tokenType === T.Identifier) this.reportKeywordBeingTyped(keyword, "workflow");
      node = {
        kind: "workflow",
        name: this.missingName(keyword),
        properties: [],
        params: [],
        vars: [],
        steps: [],
        members: [],
        doc: this.docs.get(keyword.startOffset),
        bodyRange: this.emptyRangeAfter(keyword),
        range: this.rangeOf(keyword),
      };
      this.openDeclaration(node);
    }
    try {
      const name = this.OPTION(this.nameOnLine);
      if (!this.RECORDING_PHASE) this.nameDeclaration(node, name, keyword, "a workflow name");
      const open = this.OPTION2(this.openCurly);
      if (!this.RECORDING_PHASE) this.openBody(node, open);
      this.MANY(this.workflowBody);
      const close = this.OPTION3(this.closeCurlyOfBody);
      if (!this.RECORDING_PHASE) this.closeBody(node, keyword, open, close);
    } finally {
      if (!this.RECORDING_PHASE) this.closeOwner(node);
    }
  });

  private readonly testDeclaration = this.RULE("testDeclaration", () => {
    const keyword = this.OR3(this.testKeywords);
    let node!: TestDeclaration;
    if (!this.RECORDING_PHASE) {
      if (keyword.tokenType === T.Identifier) this.reportKeywordBeingTyped(keyword, "test");
      node = {
        kind: "test",
        name: this.missingName(keyword),
        properties: [],
        expects: [],
        members: [],
        doc: this.docs.get(keyword.startOffset),
        bodyRange: this.emptyRangeAfter(keyword),
        range: this.rangeOf(keyword),
      };
      this.openDeclaration(node);
    }
    try {
      // The name on the keyword's line: `workflow: w` below `test` is the test's first member.
      const title = this.OPTION({
        GATE: () => this.onSameLine(this.LA(0), this.LA(1)),
        DEF: this.string,
      });
      const bareTitle = this.OPTION2({
        GATE: () => title === undefined && this.onSameLine(this.LA(0), this.LA(1)),
        DEF: this.name,
      });
      if (!this.RECORDING_PHASE) {
        if (title !== undefined) {
          node.name = {
            text: plainText(this.readString(title, "a test name")),
            range: this.rangeOf(title),
          };
        } else if (bareTitle !== undefined) {
          // `test fetch-data`: the name as written, dashes and all (see T.DashedName).
          const written = this.text.slice(bareTitle.startOffset, endOffset(bareTitle));
          node.name = { text: written, range: this.rangeOf(bareTitle) };
          if (bareTitle.tokenType === T.DashedName)
            this.explained.push({ start: bareTitle.startOffset, end: endOffset(bareTitle) });
          this.report(`a test name is a string: write \`test "${written}"\``, bareTitle);
        } else {
          this.reportNext('expected the test\'s name, as a string: `test "publish rolls back" {`');
        }
      }
      const open = this.OPTION3(this.openCurly);
      if (!this.RECORDING_PHASE) this.openBody(node, open);
      this.MANY(this.testBody);
      const close = this.OPTION4(this.closeCurlyOfBody);
      if (!this.RECORDING_PHASE) this.closeBody(node, keyword, open, close);
    } finally {
      if (!this.RECORDING_PHASE) this.closeOwner(node);
    }
  });

  // ------------------------------------------------------------------ members

  /** `name: type = default` in a command's parentheses. */
  private readonly commandParameter = this.RULE("commandParameter", () => {
    const name = this.CONSUME(T.Name);
    let node!: ParamDeclaration;
    if (!this.RECORDING_PHASE) {
      node = this.newParameter(name);
      node.name = this.nameOf(name);
    }
    this.SUBRULE(this.parameterSignature, { ARGS: [node] });
  });

  /** `param name: type = default` in a workflow. */
  private readonly workflowParameter = this.RULE("workflowParameter", () => {
    const keyword = this.CONSUME(T.Param);
    const name = this.OPTION(this.nameOnLine);
    const after = this.OPTION2(this.nameAfterWord);
    let node!: ParamDeclaration;
    if (!this.RECORDING_PHASE) {
      node = this.newParameter(keyword);
      if (name !== undefined && after !== undefined) this.wordBeforeName(node, name, after);
      else if (name !== undefined) node.name = this.nameOf(name);
      else this.reportNext("expected a parameter name after `param`");
    }
    this.SUBRULE(this.parameterSignature, { ARGS: [node] });
    // `param secret token: string`: the secret param it is meant to be.
    if (!this.RECORDING_PHASE && name?.image === SECRET && after !== undefined)
      node.type = { name: this.nameOf(name) };
  });

  /**
   * `token` of `param secret token: string`: the name, after a word written
   * before it as other languages write a modifier (`secret`, `optional`).
   */
  private readonly nameAfterWord: DSLMethodOpts<IToken> = {
    GATE: () =>
      tokenMatcher(this.LA(1), T.Name) &&
      this.onSameLine(this.LA(0), this.LA(1)) &&
      this.at(T.Colon, 2),
    DEF: () => this.CONSUME2(T.Name),
  };

  /**
   * `param secret token`: one MF001 on the two words, with `token` as the
   * fix (the param is named `token`), not "expected `:` and a type after
   * `secret`" and the rest of the line read as a workflow's property.
   */
  private wordBeforeName(node: ParamDeclaration, word: IToken, name: IToken): void {
    node.name = this.nameOf(name);
    const both: IToken = {
      ...word,
      image: this.text.slice(word.startOffset, endOffset(name)),
    };
    const message =
      word.image === SECRET
        ? `\`secret\` is a param's type, not a word before its name: write \`param ${name.image}: secret\``
        : `a param has one name: write \`param ${name.image}\`, without \`${word.image}\``;
    this.reportReplaceable(message, both, name.image);
  }

  /** `: type = default` after a parameter's name. */
  private readonly parameterSignature = this.RULE(
    "parameterSignature",
    (node: ParamDeclaration) => {
      const named = this.RECORDING_PHASE ? undefined : this.LA(0);
      let untypedAt: IToken | undefined;
      const colon = this.OPTION(this.colon);
      const type = this.OPTION2({
        // Without the colon, only a name right after, on the same line, is taken for the type.
        GATE: () =>
          (colon !== undefined && this.onSameLine(colon, this.LA(1))) ||
          (named !== undefined &&
            this.onSameLine(named, this.LA(1)) &&
            !this.at(T.Colon, 2) &&
            !this.atWorkflowMemberStart()),
        DEF: this.name,
      });
      // `string[]`, `list<string>`: another language's typed list, read whole (see typed-collection.ts).
      const items = this.OPTION5({
        GATE: () => type !== undefined && this.typedCollectionAhead(type),
        DEF: () => this.SUBRULE(this.typedCollectionItems),
      });
      if (!this.RECORDING_PHASE) {
        const label = node.name.text === "" ? "the parameter's name" : `\`${node.name.text}\``;
        if (type !== undefined && items !== undefined) {
          node.type = { name: this.typedCollectionName(type, items) };
        } else if (type !== undefined) {
          node.type = { name: this.nameOf(type) };
          if (colon === undefined)
            this.report(`expected \`:\` between ${label} and its type`, type);
        } else if (colon !== undefined) {
          this.reportNext(
            `expected a type after \`${node.name.text}:\`: string, int, number, bool, duration, size, path, list, map or any`,
          );
        } else if (node.name.text !== "") {
          // Said once the default is read: its type may be what to write (`param p = 3`).
          untypedAt = this.missingAt();
        }
      }
      const equals = this.OPTION3(this.equals);
      const malformed = this.reportedValues;
      this.startMember();
      const value = this.OPTION4({
        GATE: () => equals !== undefined && this.valueAhead(),
        DEF: () => this.SUBRULE(this.expression),
      });
      if (this.RECORDING_PHASE) return;
      if (untypedAt !== undefined) this.reportUntyped(node, named!, untypedAt, value);
      node.default = value;
      this.keepUnfinished(node);
      if (equals !== undefined && value === undefined)
        this.reportMissingValue("expected a default value after `=`", malformed);
      this.extendTo(node.range, this.LA(0));
    },
  );

  /**
   * A parameter with no type: when its default's type shows (`param p = 3`),
   * the error names it and its fix writes it after the name; else the type
   * is said to be missing where it belongs.
   */
  private reportUntyped(
    node: ParamDeclaration,
    name: IToken,
    missingAt: IToken,
    value: Expression | undefined,
  ): void {
    const type = value === undefined ? undefined : LITERAL_TYPES.get(value.kind);
    if (type === undefined) {
      this.report(`expected \`:\` and a type after \`${node.name.text}\``, missingAt);
      return;
    }
    const typed = `${name.image}: ${type === "number" && (value as NumberLiteral).integer ? "int" : type}`;
    this.reportReplaceable(
      `\`${name.image}\` has no type: write \`${typed}\` (a param's type follows its name)`,
      name,
      typed,
    );
  }

  /**
   * The items' type after a parameter's type (`[]`, `<string>`), as long as
   * {@link typedCollectionAhead} found it: its last token.
   */
  private readonly typedCollectionItems = this.RULE("typedCollectionItems", (): IToken => {
    let left = this.typedCollection?.length ?? 0;
    let last!: IToken;
    this.MANY({
      GATE: () => left > 0,
      DEF: () => {
        last = this.CONSUME(T.AnyToken);
        left--;
      },
    });
    return last;
  });

  /** `var name = expr`. */
  private readonly variable = this.RULE("variable", () => {
    const keyword = this.CONSUME(T.Var);
    let node!: VarDeclaration;
    if (!this.RECORDING_PHASE) {
      node = {
        kind: "var",
        name: this.missingName(keyword),
        value: undefined,
        doc: this.docs.get(keyword.startOffset),
        range: this.rangeOf(keyword),
      };
      this.attach(node);
    }
    const name = this.OPTION(this.nameOnLine);
    if (!this.RECORDING_PHASE) {
      if (name !== undefined) node.name = this.nameOf(name);
      else this.reportNext("expected a variable name after `var`");
    }
    const equals = this.OPTION2(this.equals);
    if (!this.RECORDING_PHASE && equals === undefined && name !== undefined) {
      this.reportNext(`expected \`=\` after \`${name.image}\``);
    }
    const malformed = this.reportedValues;
    this.startMember();
    const value = this.OPTION3(this.optionalValue);
    if (this.RECORDING_PHASE) return;
    node.value = value;
    this.keepUnfinished(node);
    // `var` alone: its missing name says what comes next.
    if (value === undefined && name !== undefined)
      this.reportMissingValue(
        `expected a value after \`${equals === undefined ? "var" : "="}\``,
        malformed,
      );
    this.extendTo(node.range, this.LA(0));
  });

  /**
   * `params { n: int = 3 }`, `vars { v = 1 }` (see member-block.ts): each
   * entry the param or var it stands for, the block said once on its word,
   * with its param (var) lines as the fix when nothing but entries is in it.
   */
  private readonly memberBlock = this.RULE("memberBlock", () => {
    const word = this.CONSUME(T.Identifier);
    const open = this.CONSUME(T.LCurly);
    const keyword = MEMBER_BLOCK_WORDS.get(word.image) ?? "param";
    const entries: { start: number; end: number }[] = [];
    this.MANY({
      GATE: () => this.at(T.Name) && (this.at(T.Colon, 2) || this.at(T.Equals, 2)),
      DEF: () => {
        const name = this.CONSUME(T.Name);
        if (keyword === "param" || this.RECORDING_PHASE) {
          let node!: ParamDeclaration;
          if (!this.RECORDING_PHASE) {
            node = this.newParameter(name);
            node.name = this.nameOf(name);
          }
          this.SUBRULE(this.parameterSignature, { ARGS: [node] });
        }
        if (keyword === "var" || this.RECORDING_PHASE) {
          const equals = this.OPTION(this.equals);
          const value = this.OPTION2(this.optionalValue);
          if (!this.RECORDING_PHASE) {
            const node: VarDeclaration = {
              kind: "var",
              name: this.nameOf(name),
              value,
              doc: this.docs.get(name.startOffset),
              range: this.rangeFrom(name),
            };
            this.attach(node);
            if (equals === undefined) this.report(`expected \`=\` after \`${name.image}\``, name);
          }
        }
        if (!this.RECORDING_PHASE)
          entries.push({ start: name.startOffset, end: endOffset(this.LA(0)) });
        this.OPTION3(this.comma);
      },
    });
    const close = this.OPTION4(this.closeCurly);
    if (this.RECORDING_PHASE) return;
    this.reportMemberBlock(word, open, close, keyword, entries);
  });

  /** A workflow's `param`, `var` or `step` written inside a step (see {@link memberInsideStep}). */
  private readonly misplacedMembers: OrMethodOpts<void> = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { ALT: () => this.SUBRULE(this.workflowParameter) },
      { ALT: () => this.SUBRULE(this.variable) },
      { ALT: () => this.SUBRULE(this.step) },
    ],
  };

  /**
   * A workflow's `param`, `var` or `step` indented into the step being read:
   * one error on it, saying where it belongs, and the member read as the
   * workflow's (declared for what reads it), the step's body read on after it.
   */
  private readonly misplacedMember = this.RULE("misplacedMember", () => {
    const step = this.RECORDING_PHASE ? undefined : this.owners.pop();
    if (step !== undefined) {
      const keyword = this.LA(1);
      const name = this.LA(2);
      const kind =
        keyword.tokenType === T.Param ? "param" : keyword.tokenType === T.Var ? "var" : "step";
      const message = memberInsideStepMessage(kind, name.image, step.name.text);
      const range = { start: this.startOf(keyword), end: this.endOf(name) };
      if (kind === "step") this.report(message, range);
      else {
        const outOfStep = emptyRange(step.range.start);
        this.problems.push({ message, range, offset: keyword.startOffset, outOfStep });
      }
    }
    try {
      this.OR(this.misplacedMembers);
    } finally {
      if (step !== undefined) this.owners.push(step);
    }
  });

  /**
   * `param name: type` in a command's body: one error on it, with the
   * header that declares it, and the parameter read as the command's.
   */
  private readonly parameterInBody = this.RULE("parameterInBody", () => {
    const keyword = this.LA(1);
    const name = this.LA(2);
    this.SUBRULE(this.workflowParameter);
    if (this.RECORDING_PHASE) return;
    const command = this.owners.at(-1);
    const param = command?.kind === "command" ? command.params.at(-1) : undefined;
    if (command?.kind !== "command" || param === undefined) return;
    this.report(parameterInCommandBodyMessage(command, param), {
      start: this.startOf(keyword),
      end: this.endOf(name),
    });
  });

  /** `step id { properties }`. */
  private readonly step = this.RULE("step", () => {
    const keyword = this.OR2(this.stepKeywords);
    let node!: StepDeclaration;
    if (!this.RECORDING_PHASE) {
      if (keyword.tokenType === T.Identifier) {
        // `ste` typed above a step's body: the one mistake there; its id and `{` go unsaid.
        this.reportReplaceable(
          `${STRAY_EXPECTATIONS.workflow}, not \`${keyword.image}\`; did you mean \`step\`?`,
          keyword,
          "step",
        );
      }
      node = {
        kind: "step",
        name: this.missingName(keyword),
        properties: [],
        doc: this.docs.get(keyword.startOffset),
        range: this.rangeOf(keyword),
      };
      this.attach(node);
      this.owners.push(node);
    }
    try {
      const name = this.OPTION(this.nameOnLine);
      if (!this.RECORDING_PHASE) this.nameDeclaration(node, name, keyword, "a step id");
      const open = this.OPTION2(this.openCurly);
      if (!this.RECORDING_PHASE && open === undefined && !this.openIndentedBody(node)) {
        this.reportNext(`expected \`{\` after ${this.describeOwner(node)}`);
      }
      this.MANY(this.stepBody);
      const close = this.OPTION3(this.closeCurlyOfBody);
      if (!this.RECORDING_PHASE && close === undefined && open !== undefined)
        this.reportUnclosed(node, keyword);
    } finally {
      if (!this.RECORDING_PHASE) this.closeOwner(node);
    }
  });

  /**
   * `build {` above a step's body, its `step` deleted (see
   * {@link stepWithoutKeywordAhead}): the step `build`, said once on its
   * id, with `step build` as the fix.
   */
  private readonly stepWithoutKeyword = this.RULE("stepWithoutKeyword", () => {
    const id = this.CONSUME(T.Name);
    let node!: StepDeclaration;
    if (!this.RECORDING_PHASE) {
      this.reportReplaceable(
        `expected \`step\` before \`${id.image}\`: a step's header is \`step ${id.image} {\``,
        id,
        `step ${id.image}`,
      );
      node = {
        kind: "step",
        name: this.nameOf(id),
        properties: [],
        doc: this.docs.get(id.startOffset),
        range: this.rangeOf(id),
      };
      this.attach(node);
      this.owners.push(node);
    }
    try {
      this.CONSUME(T.LCurly);
      this.MANY(this.stepBody);
      const close = this.OPTION(this.closeCurly);
      if (!this.RECORDING_PHASE && close === undefined) this.reportUnclosed(node, id);
    } finally {
      if (!this.RECORDING_PHASE) this.closeOwner(node);
    }
  });

  /**
   * A step's body and `}` whose `step <id> {` line is gone (see
   * {@link headlessStepAhead}): a step without an id, said once on its first
   * property, so that its properties are not the workflow's and its `}` does
   * not close the workflow (the steps below stay the workflow's).
   */
  private readonly headlessStep = this.RULE("headlessStep", () => {
    const first = this.LA(1);
    let node!: StepDeclaration;
    if (!this.RECORDING_PHASE) {
      this.report(
        `\`${first.image}\` is a step's property: expected \`step <name> {\` above it`,
        first,
      );
      const start = this.offsetRanges
        ? offsetRange(this.lines, first.startOffset, first.startOffset)
        : emptyRange(this.startOf(first));
      node = {
        kind: "step",
        name: { text: "", range: start },
        properties: [],
        doc: undefined,
        range: this.rangeOf(first),
      };
      this.attach(node);
      this.owners.push(node);
    }
    try {
      // Its first property, then as a step's body: the rule starts with a name, as its gate says.
      this.SUBRULE2(this.property);
      this.MANY(this.stepBody);
      this.OPTION(this.closeCurly);
    } finally {
      if (!this.RECORDING_PHASE) this.closeOwner(node);
    }
  });

  /**
   * A workflow's or test's body and `}` whose header line is gone (see
   * {@link headlessDeclarationAhead}): a declaration without a name, said
   * once on its first member, so that its members keep their problems, the
   * editor its outline and hovers of them, and nothing of it is skipped as
   * stray text.
   */
  private readonly headlessDeclaration = this.RULE("headlessDeclaration", () => {
    const first = this.LA(1);
    let node!: WorkflowDeclaration | TestDeclaration | CommandDeclaration;
    if (!this.RECORDING_PHASE) {
      const kind = this.headlessDeclarationAhead() ?? "workflow";
      const header = HEADLESS_HEADERS[kind];
      const what = tokenMatcher(first, T.Name) && this.at(T.Colon, 2) ? "property" : "member";
      this.report(
        `\`${first.image}\` is a ${kind}'s ${what}: expected \`${header}\` above it`,
        first,
      );
      const start = this.offsetRanges
        ? offsetRange(this.lines, first.startOffset, first.startOffset)
        : emptyRange(this.startOf(first));
      const common = {
        name: { text: "", range: start },
        properties: [],
        members: [],
        doc: undefined,
        bodyRange: this.offsetRanges
          ? offsetRange(this.lines, first.startOffset, first.startOffset)
          : emptyRange(this.startOf(first)),
        range: this.rangeOf(first),
      };
      node =
        kind === "workflow"
          ? { kind, ...common, params: [], vars: [], steps: [] }
          : kind === "test"
            ? { kind, ...common, expects: [] }
            : { kind, ...common, params: [], headerLost: true };
      this.openDeclaration(node);
    }
    try {
      // Its members as its body reads them, down to its `}` (every kind recorded).
      if (this.RECORDING_PHASE || node.kind === "workflow")
        this.SUBRULE(this.headlessWorkflowMembers);
      if (this.RECORDING_PHASE || node.kind === "test") this.SUBRULE(this.headlessTestMembers);
      if (this.RECORDING_PHASE || node.kind === "command")
        this.SUBRULE(this.headlessCommandMembers);
      const close = this.OPTION(this.closeCurly);
      if (!this.RECORDING_PHASE) this.closeBody(node, first, undefined, close);
    } finally {
      if (!this.RECORDING_PHASE) this.closeOwner(node);
    }
  });

  /**
   * A headless workflow's members, as a workflow's body reads them: at
   * least one (the rule starts with a token, as
   * {@link headlessDeclarationAhead} says). A rule of its own: a body's
   * choice of member is its rule's first `OR`.
   */
  private readonly headlessWorkflowMembers = this.RULE("headlessWorkflowMembers", () => {
    this.AT_LEAST_ONE(this.workflowBody);
  });

  /** A headless test's members (see {@link headlessWorkflowMembers}). */
  private readonly headlessTestMembers = this.RULE("headlessTestMembers", () => {
    this.AT_LEAST_ONE(this.testBody);
  });

  /** A headless command's properties (see {@link headlessWorkflowMembers}). */
  private readonly headlessCommandMembers = this.RULE("headlessCommandMembers", () => {
    this.AT_LEAST_ONE(this.commandBody);
  });

  /**
   * What stands between a property's `:` and the closing `"""` of its
   * script whose opening `"""` is being typed (see
   * {@link unopenedScriptAhead}): skipped, one MF001 where the `"""` goes.
   * The script's lines are not read as the block's members, and the
   * lexer's problems in them (characters, the closer read as an
   * unterminated string) are explained by that one.
   */
  private readonly unopenedScript = this.RULE("unopenedScript", (colon: IToken) => {
    const first = this.LA(1);
    const closer = this.unopenedCloser;
    this.AT_LEAST_ONE({
      GATE: () => closer === undefined || this.LA(1).startOffset <= closer.startOffset,
      DEF: () => this.CONSUME(T.AnyToken),
    });
    if (this.RECORDING_PHASE || closer === undefined) return undefined;
    this.unopenedCloser = undefined;
    const message = `expected \`"""\` to open the multi-line string closed at ${this.where(closer)}`;
    // On the quotes typed so far, or just after the `:`.
    const quotes = this.onSameLine(colon, first) ? first : undefined;
    if (quotes !== undefined) this.report(message, quotes);
    else {
      const at = this.emptyRangeAfter(colon);
      this.problems.push({ message, range: at, offset: endOffset(colon) });
    }
    this.explained.push({ start: endOffset(colon), end: closer.startOffset + 3 });
    // The property has its string, as written once its `"""` is typed: an
    // empty one at the closer, so no "expected a value" nor a missing `run`.
    return this.stringLiteral(closer);
  });

  /** The blocks being read by indentation, innermost last (see {@link openIndentedBody}). */
  private indentedBodies: IndentedBody[] = [];

  /** The block scalar {@link blockScalarAhead} found, for {@link blockScalarScript}. */
  private blockScalar: BlockScalar | undefined;

  /**
   * `run: |` (or `>`, `|-`, `>-`) and the more-indented lines below it, as
   * YAML writes a multi-line script: one MF001 on the indicator, its fix
   * the lines as a `"""` string; the lines are not read as the block's
   * members, and the property holds that string.
   */
  private readonly blockScalarScript = this.RULE("blockScalarScript", (key: IToken) => {
    const block = this.blockScalar;
    this.MANY({
      GATE: () => block !== undefined && this.LA(1).startOffset < block.end && !this.atEnd(),
      DEF: () => this.CONSUME(T.AnyToken),
    });
    if (this.RECORDING_PHASE || block === undefined) return undefined;
    this.blockScalar = undefined;
    const indentation = this.lines.indentation(this.startOf(key).line);
    const written = this.text.slice(block.indicatorStart, block.indicatorEnd);
    const replacement = tripleQuotedScript(this.text, block, indentation);
    const range = this.offsetRanges
      ? offsetRange(this.lines, block.indicatorStart, block.indicatorEnd)
      : {
          start: this.lines.positionAt(block.indicatorStart),
          end: this.lines.positionAt(block.indicatorEnd),
        };
    const whole = this.offsetRanges
      ? offsetRange(this.lines, block.indicatorStart, block.end)
      : {
          start: this.lines.positionAt(block.indicatorStart),
          end: this.lines.positionAt(block.end),
        };
    this.problems.push({
      message: `\`${written}\` starts a YAML block: momoflow writes a multi-line script as \`"""\` … \`"""\``,
      range,
      offset: block.indicatorStart,
      ...(replacement !== undefined && {
        replacement,
        replaceRange: whole,
        fixTitle: 'Write the block as a `"""` string',
      }),
    });
    this.explained.push({ start: block.indicatorStart, end: block.end });
    // Read as the `"""` string the fix writes: its offsets those of the lines.
    const image = `"""${this.text.slice(block.scriptStart, block.end)}\n"""`;
    const token = {
      ...this.LA(0),
      image,
      startOffset: block.scriptStart - 3,
      tokenType: T.TripleQuotedString,
    };
    const parts = this.readString(token);
    this.cookedEscapes = undefined;
    return this.offsetRanges
      ? offsetStringLiteral(parts, true, this.lines, block.indicatorStart, block.end)
      : ({ kind: "string", parts, triple: true, range: whole } satisfies StringLiteral);
  });

  /** A block scalar's indicator follows `colon` on its line (see {@link blockScalarAt}). */
  private blockScalarAhead(key: IToken, colon: IToken): boolean {
    const indentation = (): number => this.lines.indentation(this.startOf(key).line);
    this.blockScalar = blockScalarAt(this.text, endOffset(colon), indentation);
    return this.blockScalar !== undefined;
  }

  /** `, c, d` after `needs: a`, on its line: the ids a list is meant to hold. */
  private readonly unbracketedNeeds = this.RULE("unbracketedNeeds", (): IToken[] => {
    const ids: IToken[] = [];
    this.AT_LEAST_ONE({
      GATE: () => this.at(T.Comma) && this.onSameLine(this.LA(0), this.LA(1)),
      DEF: () => {
        this.CONSUME(T.Comma);
        const id = this.OPTION({
          GATE: () => this.onSameLine(this.LA(0), this.LA(1)),
          DEF: () => this.CONSUME(T.Name),
        });
        if (id !== undefined) ids.push(id);
      },
    });
    return ids;
  });

  /** `needs: a` is followed by `,` on its line (a list written without its brackets). */
  private unbracketedNeedsAhead(value: Expression | undefined): boolean {
    return (
      value?.kind === "ref" &&
      value.segments.length === 1 &&
      this.at(T.Comma) &&
      this.onSameLine(this.LA(0), this.LA(1))
    );
  }

  /**
   * `needs: a, c` as the list it is meant to be, said once with `[a, c]`
   * as the fix: every id is needed meanwhile (the graph, hints, renames).
   */
  private needsList(first: Expression, more: readonly IToken[]): Expression {
    const start =
      first.range instanceof OffsetRange
        ? first.range.startOffset
        : this.lines.offsetAt(first.range.start);
    const end = endOffset(this.LA(0));
    const ids = [segmentsText((first as Reference).segments), ...more.map((id) => id.image)];
    const list = `[${ids.join(", ")}]`;
    const range = this.offsetRanges
      ? offsetRange(this.lines, start, end)
      : { start: this.lines.positionAt(start), end: this.lines.positionAt(end) };
    this.problems.push({
      message: `needs takes a list: write \`needs: ${list}\``,
      range,
      offset: start,
      replacement: list,
    });
    const items = [first, ...more.map((id) => this.referenceTo(id))];
    return { kind: "list", items, range };
  }

  /** A reference that is `id` alone (a step's id in `needs`). */
  private referenceTo(id: IToken): Reference {
    const name = this.nameOf(id);
    if (this.offsetRanges)
      return offsetReference([name], this.lines, id.startOffset, endOffset(id));
    return { kind: "ref", segments: [name], range: name.range };
  }

  /** `key: value`. */
  private readonly property = this.RULE("property", () => {
    const key = this.CONSUME(T.Name);
    let node!: Property;
    if (!this.RECORDING_PHASE) {
      node = {
        kind: "property",
        name: this.nameOf(key),
        value: undefined,
        range: this.rangeOf(key),
      };
      this.attach(node);
    }
    const colon = this.OPTION(this.colon);
    // Said once the value is read: `p` alone lacks its `:` and a value, one mistake.
    const colonMissingAt =
      !this.RECORDING_PHASE && colon === undefined ? this.missingAt() : undefined;
    // `for_each: file in <items>`: the item's name and `in` come first.
    this.propertyKey = key;
    const item = this.OPTION3(this.forEachItem);
    // Read unconditionally, so that the recording phase records it.
    const inAlone = this.OPTION8(this.forEachInAlone);
    // `i` of `for_each: site i`, as `in` is typed.
    const unfinishedIn =
      item !== undefined && this.LA(0) !== item && this.LA(0).image !== FOR_EACH_IN
        ? this.LA(0)
        : undefined;
    // `for_each: site names`: the item, its `in` left out.
    const inMissing = item !== undefined && this.LA(0) === item;
    this.stepPathAllowed = this.namesTestSteps(key);
    this.readingCondition = key.image === "when";
    this.readingNeeds = key.image === "needs";
    let value: Expression | undefined;
    const malformed = this.reportedValues;
    this.startMember();
    // `run: ""` above a script whose closing `"""` is there: its opener being typed.
    const script = this.OPTION6({
      GATE: () => colon !== undefined && this.unopenedScriptAhead(key, colon),
      DEF: () => this.SUBRULE(this.unopenedScript, { ARGS: [colon!] }),
    });
    // `run: |` above the script's more-indented lines, as YAML writes a block.
    const blockScalar = this.option(41, {
      GATE: () => colon !== undefined && this.blockScalarAhead(key, colon),
      DEF: () => this.SUBRULE(this.blockScalarScript, { ARGS: [key] }),
    });
    try {
      value = this.OPTION2(this.propertyValue) ?? script ?? blockScalar;
      // `needs: a, c`: the other ids, on the line, as the list meant.
      const moreNeeds = this.option(42, {
        GATE: () => this.readingNeeds && this.unbracketedNeedsAhead(value),
        DEF: () => this.SUBRULE(this.unbracketedNeeds),
      });
      if (!this.RECORDING_PHASE && moreNeeds !== undefined && value !== undefined)
        value = this.needsList(value, moreNeeds);
    } finally {
      this.stepPathAllowed = false;
      this.readingCondition = false;
      this.readingNeeds = false;
    }
    const workflowCall = this.OPTION4(this.workflowCallArguments);
    const calleeAlone = this.OPTION5(this.workflowCalleeAlone);
    // `run: bash "make"`: a shell action written as another tool's command (see shell-call-words.ts).
    // (OPTION1–9 are all taken in this rule, with the inlined DSL methods' own.)
    const shellWordString = this.option(40, {
      GATE: () => this.shellWordStringAhead(value),
      DEF: () => this.CONSUME7(T.StringToken),
    });
    // `run: npm run build`, as YAML writes a command: its words after the first.
    const bare = this.OPTION9({
      GATE: () =>
        shellWordString === undefined &&
        value?.kind === "ref" &&
        workflowCall === undefined &&
        calleeAlone === undefined &&
        (key.image === "run" || key.image === "rollback") &&
        this.bareWordAhead(),
      DEF: () => this.SUBRULE9(this.bareCommand),
    });
    if (this.RECORDING_PHASE) return;
    if (shellWordString !== undefined && value !== undefined) {
      value = this.shellWordString(key, value, shellWordString);
    }
    if (item !== undefined) node.item = this.nameOf(item);
    this.keepUnfinished(node);
    const isRollback = key.image === "rollback";
    node.value = isRollback ? asNoRollback(value) : value;
    if (bare === true && value !== undefined) node.value = this.bareCommandString(key, value);
    if (workflowCall && value)
      // Not a spread: the call of an offset-range tree has its ranges on its prototype.
      node.value = {
        kind: "call",
        callee: workflowCall.callee,
        args: workflowCall.args,
        argsRange: workflowCall.argsRange,
        range: { start: value.range.start, end: workflowCall.range.end },
        workflow: value.range,
      };
    if (calleeAlone && value) {
      // `run: workflow release`, its `(` not typed yet: the call, said once.
      const callee = this.nameOf(calleeAlone);
      node.value = {
        kind: "call",
        callee,
        args: [],
        argsRange: emptyRange(callee.range.end),
        range: { start: value.range.start, end: callee.range.end },
        workflow: value.range,
        unopened: true,
      };
      this.report(
        `expected \`(\` after \`workflow ${calleeAlone.image}\`: a workflow is called with its params in parentheses, \`workflow ${calleeAlone.image}()\``,
        calleeAlone,
      );
    }
    if (inMissing) {
      this.report(
        `expected \`in\` between \`${item.image}\` and the items: ${FOR_EACH_EXAMPLE}`,
        item,
      );
    } else if (inAlone !== undefined && item === undefined) {
      this.report(`expected the item's name before \`in\`: ${FOR_EACH_EXAMPLE}`, inAlone);
    } else if (unfinishedIn !== undefined) {
      const what = value === undefined ? "`in` and the items" : "`in`";
      // `of` (as JavaScript's `for … of`) or `inn`: a word in the place of `in`.
      const instead = FOR_EACH_IN.startsWith(unfinishedIn.image)
        ? ""
        : `, not \`${unfinishedIn.image}\``;
      const message = `expected ${what} after \`${item!.image}\`${instead}: ${FOR_EACH_EXAMPLE}`;
      this.reportReplaceable(message, unfinishedIn, FOR_EACH_IN);
    } else if (key.image === FOR_EACH && (item === undefined || value === undefined)) {
      // `for_each: steps.`: the items were reported, and come before `<item> in`.
      if (value !== undefined || this.reportedValues === malformed) this.reportForEach(item, value);
    } else if (value === undefined && colonMissingAt === undefined) {
      const choices = isRollback ? ": an action, or `none` when there is nothing to undo" : "";
      this.reportMissingValue(`expected a value after \`${key.image}:\`${choices}`, malformed);
    }
    if (colonMissingAt !== undefined) {
      const alone = value === undefined && this.reportedValues === malformed;
      const what = alone ? "`:` and a value" : "`:`";
      const message = `expected ${what} after \`${key.image}\``;
      const meant = alone && colonMissingAt === key ? this.propertyBeingTyped(key) : undefined;
      if (this.equalsForColon(key, colonMissingAt)) this.reportEqualsForColon(key, colonMissingAt);
      else if (meant === undefined) this.report(message, colonMissingAt);
      else {
        node.typing = true;
        this.reportReplaceable(`${message}; did you mean \`${meant}\`?`, key, meant);
      }
    }
    this.extendTo(node.range, this.LA(0));
  });

  /** The words of `run: npm run build` after `npm`, down to the line's end or the next property. */
  private readonly bareCommand = this.RULE("bareCommand", (): boolean => {
    this.bareBraces = 0;
    this.MANY({
      GATE: () => this.bareWordAhead(),
      DEF: () => {
        const word = this.CONSUME(T.AnyToken);
        if (tokenMatcher(word, T.LCurly)) this.bareBraces++;
        else if (tokenMatcher(word, T.RCurly)) this.bareBraces--;
      },
    });
    this.bareBraces = 0;
    return true;
  });

  /** The `{` of `${target}` in a command being read without its quotes, not yet closed. */
  private bareBraces = 0;

  /**
   * `run: npm run build`: the command as the string it is meant to be,
   * said once (with the quoted command as the fix), not as a name, a
   * property `run` without its `:` and the characters no token starts with
   * (`-` of `-rf`, `|`).
   */
  private bareCommandString(key: IToken, first: Expression): StringLiteral {
    const start =
      first.range instanceof OffsetRange
        ? first.range.startOffset
        : this.lines.offsetAt(first.range.start);
    const end = endOffset(this.LA(0));
    const written = this.text.slice(start, end);
    const quoted = `"${written.replace(/["\\]/g, "\\$&")}"`;
    this.explained.push({ start, end });
    const range = this.offsetRanges
      ? offsetRange(this.lines, start, end)
      : { start: this.lines.positionAt(start), end: this.lines.positionAt(end) };
    this.problems.push({
      message: `a shell command is a string: write \`${key.image}: ${quoted}\``,
      range,
      offset: start,
      replacement: quoted,
    });
    // Its `${...}` read as in the string, when nothing in it needs an escape.
    const parts: StringPart[] =
      written.includes('"') || written.includes("\\")
        ? [{ kind: "text", value: written }]
        : this.readString({
            ...this.LA(0),
            image: `"${written}"`,
            startOffset: start - 1,
            tokenType: T.QuotedString,
          });
    return { kind: "string", parts, triple: false, range };
  }

  /** A word of a command written without its quotes comes next (see {@link bareCommand}). */
  private bareWordAhead(): boolean {
    const next = this.LA(1);
    if (next.tokenType === EOF || !this.onSameLine(this.LA(0), next)) return false;
    // A `}` closes the command's own `${` or the step (`step b { run: make b }`).
    if (tokenMatcher(next, T.RCurly)) return this.bareBraces > 0;
    if (tokenMatcher(next, T.Comma)) return false;
    return !(tokenMatcher(next, T.Name) && this.at(T.Colon, 2));
  }

  /**
   * `expect status == success`, `expect step <id> == ...`, `expect output <id>
   * contains ...`, `expect output <id>.a[0] == ...`, `expect file <path> exists`,
   * `expect file <path> contains ...`, `expect duration < 5s`, `expect memory <= 100MB`.
   */
  private readonly expectStatement = this.RULE("expectStatement", () => {
    const keyword = this.CONSUME(T.Expect);
    this.expectSubject = undefined;
    this.expectTarget = undefined;
    this.unfinishedReference = false;
    if (!this.RECORDING_PHASE) this.segments = [];
    this.OR(this.expectSubjects);
    const subject = this.expectSubject as IToken | undefined;
    const target = this.expectTarget as IToken | undefined;
    const isFile = subject?.tokenType === T.File;
    let node: ExpectStatement | undefined;
    if (!this.RECORDING_PHASE && subject !== undefined) {
      node = {
        kind: "expect",
        subject: subject.image as ExpectSubject,
        subjectRange: this.rangeOf(subject),
        target: target === undefined ? undefined : this.nameOf(target),
        ...(this.segments.length > 0 && target !== undefined && { path: this.segments }),
        operator: undefined,
        operatorRange: undefined,
        value: undefined,
        range: this.rangeFrom(keyword),
      };
      if (target === undefined && tokenMatcher(subject, T.TargetedSubject)) {
        this.reportNext(`expected a step id after \`${subject.image}\``);
      }
      this.attach(node);
    }
    // `expect output a.`: reported with what it lacks, which comes before any operator.
    const unfinished = this.unfinishedReference;
    this.unfinishedReference = false;
    const operator = this.OPTION2({
      GATE: () => subject !== undefined && !isFile,
      DEF: () => this.CONSUME(T.ComparisonOperator),
    });
    // `expect output a cont`, as `contains` is typed: that operator, not the value.
    const operatorWord = this.option(25, {
      GATE: () =>
        subject !== undefined &&
        !isFile &&
        operator === undefined &&
        this.onSameLine(this.LA(0), this.LA(1)) &&
        this.nearestOperatorWord(this.LA(1), subject.image) !== undefined,
      DEF: () => this.consume(25, T.Identifier),
    });
    // `expect status !` or `=`, as `!=` or `==` is typed: that operator, not a condition.
    const halfOperator = this.option(26, {
      GATE: () =>
        subject !== undefined &&
        !isFile &&
        operator === undefined &&
        operatorWord === undefined &&
        (this.at(T.Bang) || this.at(T.Equals)) &&
        this.onSameLine(this.LA(0), this.LA(1)),
      DEF: () =>
        this.OR6([
          { ALT: () => this.consume(26, T.Bang) },
          { ALT: () => this.consume(27, T.Equals) },
        ]),
    });
    if (node !== undefined && !isFile) {
      const allowed = EXPECT_OPERATORS[node.subject as Exclude<ExpectSubject, "file">];
      if (operatorWord !== undefined) {
        this.reportOperatorWord(operatorWord, node.subject, allowed);
      } else if (halfOperator !== undefined) {
        const meant = halfOperator.image === "!" ? "!=" : "==";
        const message = `\`expect ${node.subject}\` compares with ${alternatives(allowed)}, not \`${halfOperator.image}\``;
        if (allowed.includes(meant))
          this.reportReplaceable(`${message}; did you mean \`${meant}\`?`, halfOperator, meant);
        else this.report(message, halfOperator);
      } else if (operator === undefined) {
        if (!unfinished)
          this.reportNext(
            `expected ${alternatives(allowed)} after \`${target?.image ?? node.subject}\``,
          );
      } else {
        node.operator = operator.image as ExpectStatement["operator"];
        node.operatorRange = this.rangeOf(operator);
        if (!allowed.includes(operator.image)) {
          this.report(
            `\`expect ${node.subject}\` compares with ${alternatives(allowed)}, not \`${operator.image}\``,
            operator,
          );
        }
      }
    }
    const malformed = this.reportedValues;
    // Without its operator, a value on a later line is the next member (`expect output a` above `expect status`).
    const value = this.OPTION3({
      GATE: () =>
        subject !== undefined &&
        !isFile &&
        this.valueAhead() &&
        // On the line of the operator (or of the word standing for it, `cont`): a later
        // line is the next member (`expect status ==` typed above `expect step …`).
        this.onSameLine(this.LA(0), this.LA(1)),
      DEF: () => this.SUBRULE(this.expression),
    });
    // A file's path is one value: the `==` after it compares the file's text.
    // Indexes 20+: the path segments read inside this rule take OPTION5, 7 and 8.
    const path = this.option(20, {
      GATE: () => isFile && this.valueAhead() && this.onSameLine(this.LA(0), this.LA(1)),
      DEF: () => this.SUBRULE(this.operand),
    });
    if (node !== undefined) {
      node.value = value ?? path;
      if (path === undefined && isFile) this.reportNext("expected the file's path after `file`");
      else if (value === undefined && operator !== undefined)
        this.reportMissingValue(`expected a value after \`${operator.image}\``, malformed);
    }
    const state = this.OPTION4({ GATE: () => isFile, DEF: () => this.CONSUME(T.FileState) });
    const fileOperator = this.option(21, {
      GATE: () => isFile && state === undefined,
      DEF: () => this.CONSUME2(T.ComparisonOperator),
    });
    // `expect file "a" mis`, as `missing` is typed (or misspelt): a word where
    // the operator goes, on the path's line, is that operator, not the next member.
    const word = this.option(24, {
      GATE: () =>
        isFile &&
        path !== undefined &&
        state === undefined &&
        fileOperator === undefined &&
        this.onSameLine(this.LA(0), this.LA(1)),
      DEF: () => this.consume(24, T.Identifier),
    });
    const malformedBeforeContent = this.reportedValues;
    const content = this.option(22, {
      GATE: () =>
        (fileOperator !== undefined ||
          (word !== undefined && this.onSameLine(this.LA(0), this.LA(1)))) &&
        this.valueAhead(),
      DEF: () => this.SUBRULE2(this.expression),
    });
    if (node === undefined) return;
    if (word !== undefined) {
      node.content = content;
      this.reportOperatorWord(word, "file", FILE_OPERATORS);
    } else if (state !== undefined) {
      node.operator = state.image as ExpectStatement["operator"];
      node.operatorRange = this.rangeOf(state);
    } else if (fileOperator !== undefined) {
      this.fileComparison(node, fileOperator, content, malformedBeforeContent);
    } else if (isFile && path !== undefined) {
      this.reportNext(`expected ${alternatives(FILE_OPERATORS)} after the file's path`);
    }
    this.extendTo(node.range, this.LA(0));
  });

  /**
   * The word operator of `expect <subject>` (`contains`, `missing`…) that
   * `token`, a name, stands for, as it is typed (`cont`) or misspelt
   * (`contain`); undefined when it is none or the subject takes none.
   */
  private nearestOperatorWord(token: IToken, subject: string): string | undefined {
    if (token.tokenType !== T.Identifier) return undefined;
    const allowed = subject === "file" ? FILE_OPERATORS : EXPECT_OPERATORS[subject as "output"];
    const words = (allowed ?? []).filter((operator) => /^[a-z]/.test(operator));
    return wordBeingTyped(token.image, words);
  }

  /**
   * `expect file "a" mis`, `expect output a cont`: a word where the operator
   * goes, with the word operator it is nearest to as its replacement (the
   * editor's quick fix): `missing` for `mis` as it is typed.
   */
  private reportOperatorWord(word: IToken, subject: string, allowed: readonly string[]): void {
    const nearest = this.nearestOperatorWord(word, subject);
    const takes = subject === "file" ? "takes" : "compares with";
    const message = `\`expect ${subject}\` ${takes} ${alternatives(allowed)}, not \`${word.image}\``;
    if (nearest === undefined) this.report(message, word);
    else this.reportReplaceable(`${message}; did you mean \`${nearest}\`?`, word, nearest);
  }

  /** `expect file <path> <operator> <text>`: the operator and the text to compare with. */
  private fileComparison(
    node: ExpectStatement,
    operator: IToken,
    content: Expression | undefined,
    malformed: number,
  ): void {
    node.operator = operator.image as ExpectStatement["operator"];
    node.operatorRange = this.rangeOf(operator);
    node.content = content;
    if (!FILE_OPERATORS.includes(operator.image)) {
      this.report(
        `\`expect file\` takes ${alternatives(FILE_OPERATORS)}, not \`${operator.image}\``,
        operator,
      );
    } else if (content === undefined) {
      this.reportMissingValue(`expected a value after \`${operator.image}\``, malformed);
    }
  }

  /** A token that starts nothing here: reported, then skipped with what follows it. */
  private readonly stray = this.RULE("stray", (context: StrayContext) => {
    const first = this.CONSUME(T.AnyToken);
    if (!this.RECORDING_PHASE) {
      this.report(`${unexpected(first)}: ${STRAY_EXPECTATIONS[context]}`, first);
      this.strayDepth = 0;
      this.trackBrackets(first);
    }
    this.SUBRULE(this.skip, { ARGS: [context] });
  });

  /** Skips tokens up to where reading can resume in `context`. */
  private readonly skip = this.RULE("skip", (context: StrayContext) => {
    this.skipContext = context;
    this.MANY(this.skipToken);
  });

  // -------------------------------------------------------------- expressions

  /**
   * A value, or a condition: operands joined by `||`, `&&` and comparisons,
   * read as one chain and then grouped by precedence. Literals, lists, maps,
   * references and calls are alternatives of one rule (`operand`), not rules
   * of their own: most values are a single token, and a rule call costs more
   * than reading it.
   */
  private readonly expression = this.RULE("expression", (): Expression | undefined => {
    // Outside every list, map, call and chain: a value of its own, with its own operators.
    const outermost = this.nesting === 0 && this.chains.length === 0;
    if (outermost) this.operators = 0;
    // The first operand inline: most values are one operand, and a rule call costs.
    const first = this.OR(this.primaries);
    if (this.RECORDING_PHASE) {
      this.MANY2(this.infixOperation);
      return undefined;
    }
    // Most values are no condition: no chain, no loop.
    if (
      this.tooDeep ||
      (!tokenMatcher(this.LA(1), T.BinaryOperator) &&
        !this.wordOperatorAhead() &&
        !this.singleEqualsAhead() &&
        !this.containsAhead())
    )
      return first;
    const chain: OperatorChain = { operands: [first], operators: [] };
    this.chains.push(chain);
    try {
      this.MANY2(this.infixOperation);
    } finally {
      this.chains.pop();
      // Too many operators outside any nesting: no `leaveNesting` ends the skipping.
      if (outermost) this.tooDeep = false;
    }
    return chain.operators.length === 0 ? first : this.groupChain(chain);
  });

  /** `!a`, `(a)`, or a value, without infix operators (also the path of `expect file <path> == <text>`). */
  private readonly operand = this.RULE("operand", (): Expression | undefined =>
    this.OR(this.primaries),
  );

  /** `[a, b, c]`, trailing comma allowed. */
  private readonly list = this.RULE("list", (): Expression => {
    const open = this.CONSUME(T.LBracket);
    const items: Expression[] = [];
    const outerItems = this.listItems;
    const outerOpen = this.listOpen;
    this.listItems = items;
    this.listOpen = open;
    if (!this.RECORDING_PHASE) this.enterNesting(open);
    try {
      this.MANY(this.listItem);
      this.skipTooDeep();
      const close = this.OPTION2(this.closeBracket);
      if (!this.RECORDING_PHASE && close === undefined && !this.tooDeep) {
        // `needs: [` or `needs: [a,`: the step's id is missing as well.
        const item =
          this.readingNeeds && this.nesting === 1 && (this.LA(0) === open || this.at(T.Comma, 0))
            ? "a step's id and "
            : "";
        this.reportMissingCloser(
          `expected ${item}\`]\` to close the list opened at ${this.where(open)}`,
        );
      }
    } finally {
      this.listItems = outerItems;
      this.listOpen = outerOpen;
      if (!this.RECORDING_PHASE) this.leaveNesting();
    }
    return this.RECORDING_PHASE
      ? (undefined as never)
      : { kind: "list", items, range: this.rangeFrom(open) };
  });

  /** `{ key: value, "other key": value }`, trailing comma allowed. */
  private readonly map = this.RULE("map", (): Expression => {
    const open = this.CONSUME(T.LCurly);
    const entries: MapEntry[] = [];
    if (!this.RECORDING_PHASE) this.enterNesting(open);
    try {
      // `when: ${n} > 2`: a string's interpolation written as a value (see dollar-value.ts).
      const interpolated = this.OPTION5({
        GATE: () => this.dollarBraceAhead(open),
        DEF: () => this.SUBRULE(this.dollarBraceValue, { ARGS: [open] }),
      });
      if (!this.RECORDING_PHASE && interpolated !== undefined) return interpolated;
      this.MANY({
        GATE: () => this.mapEntryAhead() && !this.closerForgotten(open, T.RCurly),
        DEF: () => {
          const written = this.OR(this.mapKeys);
          const key =
            !this.RECORDING_PHASE && written.tokenType === T.DashedName
              ? this.dashedKey(written)
              : written;
          const colon = this.OPTION(this.colon);
          // Said once the value is read: `{ p` lacks its `:` and a value, one mistake.
          const colonMissingAt =
            !this.RECORDING_PHASE && colon === undefined ? this.missingAt() : undefined;
          const malformed = this.reportedValues;
          const value = this.OPTION2(colon === undefined ? this.valueOnLine : this.optionalValue);
          const comma = this.OPTION3(this.comma);
          if (this.RECORDING_PHASE) return;
          const name = tokenMatcher(key, T.StringToken)
            ? { text: plainText(this.readString(key, "a map key")), range: this.rangeOf(key) }
            : this.nameOf(key);
          if (colonMissingAt !== undefined && this.equalsForColon(key, colonMissingAt)) {
            this.reportEqualsForColon(key, colonMissingAt);
          } else if (colonMissingAt !== undefined) {
            const missing = value === undefined && this.reportedValues === malformed;
            this.report(
              `expected ${missing ? "`:` and a value" : "`:`"} after ${describeToken(key)}`,
              colonMissingAt,
            );
          } else if (value === undefined)
            this.reportMissingValue(`expected a value after \`${name.text}:\``, malformed, comma);
          const end = value?.range.end ?? this.endOf(colon ?? key);
          entries.push({ key: name, value, range: { start: this.startOf(key), end } });
          if (comma === undefined && this.mapEntryAhead() && !this.closerForgotten(open, T.RCurly))
            this.reportNext("expected `,` between map entries");
        },
      });
      this.skipTooDeep();
      // `{ : "x" }`, `{ A: "x" : "y" }`: what is no entry, before the map's `}` on its line,
      // is skipped and said once; that `}` is the map's, not the block's around it.
      let stray: IToken | undefined;
      this.MANY2({
        GATE: () => this.strayBeforeCloserOnLine(),
        DEF: () => {
          const token = this.CONSUME2(T.AnyToken);
          stray ??= token;
        },
      });
      if (!this.RECORDING_PHASE && stray !== undefined)
        this.report(`${unexpected(stray)} in the map: expected \`KEY: value\` entries`, stray);
      // The block's `}` below a map left open is not the map's (`env: { CI: 1,` as a step's last line).
      const close = this.blockCloserNext(open) ? undefined : this.OPTION4(this.closeCurly);
      if (!this.RECORDING_PHASE && close === undefined && !this.tooDeep) {
        this.reportMissingCloser(`expected \`}\` to close the map opened at ${this.where(open)}`);
      }
    } finally {
      if (!this.RECORDING_PHASE) this.leaveNesting();
    }
    return this.RECORDING_PHASE
      ? (undefined as never)
      : { kind: "map", entries, range: this.rangeFrom(open) };
  });

  /**
   * `n}` of `${n}` written as a value (its `{` read): the reference, said
   * once with the `${ }` dropped as the fix (the lexer's `$` is this mistake).
   */
  private readonly dollarBraceValue = this.RULE(
    "dollarBraceValue",
    (open: IToken): Expression | undefined => {
      const first = this.LA(1);
      const inner = this.SUBRULE(this.expression);
      const last = this.LA(0);
      const close = this.CONSUME(T.RCurly);
      if (this.RECORDING_PHASE || inner === undefined) return inner;
      const dollar = open.startOffset - 1;
      const written = this.text.slice(first.startOffset, endOffset(last));
      this.explained.push({ start: dollar, end: open.startOffset });
      const range = this.offsetRanges
        ? offsetRange(this.lines, dollar, endOffset(close))
        : { start: this.lines.positionAt(dollar), end: this.endOf(close) };
      this.problems.push({
        message: dollarValueMessage(written, this.readingCondition ? "condition" : "value"),
        range,
        offset: dollar,
        replacement: written,
      });
      return inner;
    },
  );

  /** `(arg, ...)` after a callee. */
  private readonly callArguments = this.RULE("callArguments", (): CallExpression => {
    const callee = this.RECORDING_PHASE ? undefined : this.LA(0);
    const open = this.CONSUME(T.LParen);
    const args: Argument[] = [];
    const outerArguments = this.callArgs;
    const outerOpen = this.callOpen;
    this.callArgs = args;
    this.callOpen = open;
    if (!this.RECORDING_PHASE) this.enterNesting(open);
    try {
      this.MANY(this.callArgument);
      this.skipTooDeep();
      const close = this.OPTION2(this.closeParen);
      if (!this.RECORDING_PHASE && close === undefined && !this.tooDeep) {
        this.reportMissingCloser(
          `expected \`)\` to close the arguments of \`${callee!.image}\` opened at ${this.where(open)}`,
        );
      }
    } finally {
      this.callArgs = outerArguments;
      this.callOpen = outerOpen;
      if (!this.RECORDING_PHASE) this.leaveNesting();
    }
    if (this.RECORDING_PHASE) return undefined as never;
    if (this.offsetRanges) {
      const end = endOffset(this.LA(0));
      return offsetCall(
        this.nameOf(callee!),
        fitted(args),
        this.lines,
        open.startOffset,
        end,
        callee!.startOffset,
        end,
      );
    }
    return {
      kind: "call",
      callee: this.nameOf(callee!),
      args: fitted(args),
      argsRange: this.rangeFrom(open),
      range: this.rangeFrom(callee!),
    };
  });

  /** `name: value` or a positional `value`. */
  private readonly argument = this.RULE("argument", (): Argument => {
    const first = this.RECORDING_PHASE ? undefined : this.LA(1);
    const name = this.OPTION(this.namedArgument);
    const malformed = this.reportedValues;
    const value = this.OPTION2(this.optionalValue);
    if (this.RECORDING_PHASE) return undefined as never;
    if (value === undefined && name !== undefined)
      this.reportMissingValue(`expected a value after \`${name.image}:\``, malformed);
    if (this.offsetRanges)
      return offsetArgument(
        name === undefined ? undefined : this.nameOf(name),
        value,
        this.lines,
        first!.startOffset,
        endOffset(this.LA(0)),
      );
    return {
      name: name === undefined ? undefined : this.nameOf(name),
      value,
      range: this.rangeFrom(first!),
    };
  });

  // --------------------------------------------------------- building helpers

  /** `fail:` of a test names steps, maybe of called workflows (`release/bump`). */
  private namesTestSteps(key: IToken): boolean {
    return key.image === "fail" && this.owners[this.owners.length - 1]?.kind === "test";
  }

  /**
   * The property of the block being read that `key`, alone on its line and
   * no property of the block, stands for as it is typed (`ru` for `run`):
   * the first that starts with it, else the nearest; undefined when none is
   * near.
   */
  private propertyBeingTyped(key: IToken): string | undefined {
    const owner = this.owners[this.owners.length - 1];
    if (owner === undefined) return undefined;
    const names = PROPERTY_NAMES[owner.kind];
    return names.includes(key.image) ? undefined : wordBeingTyped(key.image, names);
  }

  /** Adds a declaration to the file and makes it the block being read. */
  private openDeclaration(node: Exclude<Owner, StepDeclaration>): void {
    this.file.declarations.push(node);
    if (node.kind === "command") this.file.commands.push(node);
    else if (node.kind === "workflow") this.file.workflows.push(node);
    else this.file.tests.push(node);
    this.owners.push(node);
  }

  private newParameter(first: IToken): ParamDeclaration {
    const param: ParamDeclaration = {
      kind: "param",
      name: this.missingName(first),
      type: undefined,
      default: undefined,
      doc: this.docs.get(first.startOffset),
      range: this.rangeOf(first),
    };
    this.attach(param);
    return param;
  }

  /** Adds a member to the block being read. */
  private attach(member: Member): void {
    const owner = this.owners[this.owners.length - 1];
    if (owner === undefined) return;
    switch (owner.kind) {
      case "workflow":
        if (member.kind === "expect") return;
        owner.members.push(member);
        if (member.kind === "property") owner.properties.push(member);
        else if (member.kind === "param") owner.params.push(member);
        else if (member.kind === "var") owner.vars.push(member);
        else owner.steps.push(member);
        return;
      case "step":
        if (member.kind === "property") owner.properties.push(member);
        return;
      case "command":
        if (member.kind === "property") owner.properties.push(member);
        else if (member.kind === "param") owner.params.push(member);
        return;
      case "test":
        if (member.kind === "property") owner.properties.push(member);
        else if (member.kind === "expect") owner.expects.push(member);
        else return;
        owner.members.push(member);
    }
  }

  private nameDeclaration(
    node: Exclude<Owner, TestDeclaration>,
    name: IToken | undefined,
    keyword: IToken,
    what: string,
  ): void {
    if (name !== undefined) node.name = this.nameOf(name);
    else this.reportNext(`expected ${what} after \`${keyword.image}\``);
  }

  private openBody(node: Exclude<Owner, StepDeclaration>, open: IToken | undefined): void {
    if (open !== undefined) {
      node.bodyRange = this.rangeOf(open);
      return;
    }
    node.bodyRange = this.emptyRangeAfter(this.LA(0));
    if (!this.openIndentedBody(node))
      this.reportNext(`expected \`{\` after ${this.describeOwner(node)}`);
  }

  /**
   * A header without its `{` above more-indented lines, as YAML and Python
   * write a block (`workflow w`, then `  step a`): one MF001 on the header,
   * and its body is the lines indented deeper than the header's, read as
   * if braced (see {@link insideBody}), so that none of them is said to be
   * another block's. The MF001's fix adds the braces (see {@link closeOwner}).
   */
  private openIndentedBody(node: Owner): boolean {
    const next = this.LA(1);
    const header = this.LA(0);
    if (next.tokenType === EOF || this.onSameLine(header, next)) return false;
    const indentation = this.lines.indentation(node.range.start.line);
    if (this.startOf(next).character <= indentation) return false;
    const problem: SyntaxProblem = {
      message: `expected \`{\` after ${this.describeOwner(node)}: momoflow blocks are in braces`,
      range: this.rangeOf(header),
      offset: header.startOffset,
    };
    this.problems.push(problem);
    this.indentedBodies.push({ owner: node, indentation, header, problem });
    return true;
  }

  /** The innermost block being read is one {@link openIndentedBody} opened. */
  private inIndentedBody(): boolean {
    const body = this.indentedBodies[this.indentedBodies.length - 1];
    if (body === undefined || body.owner !== this.owners[this.owners.length - 1]) return false;
    // A `}` under the header is its own: only the `{` was deleted (or not typed yet).
    return !this.closerUnderHeader(this.LA(1), body);
  }

  /** `token` is a `}` at the indentation of `body`'s header (its body's lines are deeper). */
  private closerUnderHeader(token: IToken, body: IndentedBody): boolean {
    return tokenMatcher(token, T.RCurly) && this.startOf(token).character === body.indentation;
  }

  /**
   * The next token starts a line no deeper indented than the header of a
   * block read by indentation: that block (and those inside it) ends here.
   */
  private dedentAhead(): boolean {
    const next = this.LA(1);
    if (next.tokenType === EOF || this.onSameLine(this.LA(0), next)) return false;
    const column = this.startOf(next).character;
    return this.indentedBodies.some((body) => column <= body.indentation);
  }

  /**
   * The end of a body read by indentation: its MF001's fix, ` {` after the
   * header and `}` on a line of its own after the body's last line, at the
   * header's indentation.
   */
  private closeIndentedBody(body: IndentedBody): void {
    const last = this.LA(0);
    const line = this.endOf(last).line;
    let bodyEnd =
      line + 1 < this.lines.lineCount ? this.lines.lineStart(line + 1) : this.textLength;
    while (bodyEnd > 0 && (this.text[bodyEnd - 1] === "\n" || this.text[bodyEnd - 1] === "\r"))
      bodyEnd--;
    const headerEnd = endOffset(body.header);
    const headerLine = body.owner.range.start.line;
    // The header's own line break (its body follows it, so it has one).
    const lineBreak = this.text[this.lines.lineStart(headerLine + 1) - 2] === "\r" ? "\r\n" : "\n";
    const headerStart = this.lines.lineStart(headerLine);
    const indentation = this.text.slice(headerStart, headerStart + body.indentation);
    const open = { at: this.lines.positionAt(headerEnd), text: " {" };
    body.problem.addBraces = this.closerUnderHeader(last, body)
      ? [open]
      : [open, { at: this.lines.positionAt(bodyEnd), text: `${lineBreak}${indentation}}` }];
  }

  private closeBody(
    node: Exclude<Owner, StepDeclaration>,
    keyword: IToken,
    open: IToken | undefined,
    close: IToken | undefined,
  ): void {
    if (close !== undefined) {
      this.extendTo(node.bodyRange, close);
      return;
    }
    this.extendTo(node.bodyRange, this.LA(0));
    if (open !== undefined) this.reportUnclosed(node, keyword);
  }

  private reportUnclosed(node: Owner, keyword: IToken): void {
    this.reportNext(
      `expected \`}\` to close ${this.describeOwner(node)} opened at ${this.where(keyword)}`,
    );
  }

  private closeOwner(node: Owner): void {
    const body = this.indentedBodies[this.indentedBodies.length - 1];
    if (body?.owner === node) {
      this.indentedBodies.pop();
      this.closeIndentedBody(body);
    }
    this.extendTo(node.range, this.LA(0));
    // Nothing is added to a closed block: its properties can be fitted (most blocks are steps).
    node.properties = fitted(node.properties);
    const index = this.owners.lastIndexOf(node);
    if (index >= 0) this.owners.length = index;
  }

  /** "step `build`", or "the step" while it has no name. */
  private describeOwner(node: Owner): string {
    return node.name.text === "" ? `the ${node.kind}` : `${node.kind} \`${node.name.text}\``;
  }

  private nameOf(token: IToken): Name {
    if (this.offsetRanges)
      return offsetName(token.image, this.lines, token.startOffset, endOffset(token));
    return { text: token.image, range: this.rangeOf(token) };
  }

  /** The empty name of a declaration whose name is missing, just after `after`. */
  private missingName(after: IToken): Name {
    return { text: "", range: this.emptyRangeAfter(after) };
  }

  /** The empty range just after `token`. */
  private emptyRangeAfter(token: IToken): Range {
    if (!this.offsetRanges) return emptyRange(this.endOf(token));
    const end = endOffset(token);
    return offsetRange(this.lines, end, end);
  }

  /** From `first` to the last token read. */
  private rangeFrom(first: IToken): Range {
    if (this.offsetRanges) return offsetRange(this.lines, first.startOffset, endOffset(this.LA(0)));
    return { start: this.startOf(first), end: this.endOf(this.LA(0)) };
  }

  /** Makes `range` end where `token` ends. */
  private extendTo(range: Range, token: IToken): void {
    if (range instanceof OffsetRange) range.endOffset = endOffset(token);
    else range.end = this.endOf(token);
  }

  /**
   * A fresh range of a token. Its positions may be shared with other nodes
   * that start or end at the same offset: the parser never mutates them (an
   * incremental parse shifts each once), and sharing them spares the garbage
   * collector a third of the tree's objects.
   */
  private rangeOf(token: IToken): Range {
    if (this.offsetRanges) return offsetRange(this.lines, token.startOffset, endOffset(token));
    return { start: this.startOf(token), end: this.endOf(token) };
  }

  /** `12:3`: 1-based, as people count lines and columns. */
  private where(token: IToken): string {
    const start = this.startOf(token);
    return `${start.line + 1}:${start.character + 1}`;
  }

  private startOf(token: IToken): Position {
    const offset = token.startOffset;
    const slot = offset & POSITION_CACHE_MASK;
    if (this.positionOffsets[slot] === offset) return this.positions[slot]!;
    return this.remember(offset, tokenStart(token, this.lines));
  }

  private endOf(token: IToken): Position {
    // Where tokenEnd ends it, multi-line tokens included.
    const offset = token.startOffset + token.image.length;
    const slot = offset & POSITION_CACHE_MASK;
    if (this.positionOffsets[slot] === offset) return this.positions[slot]!;
    return this.remember(offset, tokenEnd(token, this.lines, this.startOf(token)));
  }

  /** Keeps `position`, the one of `offset` (NaN for a token recovery inserted: never found). */
  private remember(offset: number, position: Position): Position {
    const slot = offset & POSITION_CACHE_MASK;
    this.positionOffsets[slot] = offset;
    this.positions[slot] = position;
    return position;
  }

  private stringLiteral(token: IToken): StringLiteral {
    const type = token.tokenType;
    const parts = this.readString(token);
    const triple = type === T.TripleQuotedString || type === T.UnterminatedTripleQuotedString;
    const literal: StringLiteral = this.offsetRanges
      ? offsetStringLiteral(parts, triple, this.lines, token.startOffset, endOffset(token))
      : { kind: "string", parts, triple, range: this.rangeOf(token) };
    const cooked = this.cookedEscapes;
    if (cooked) {
      this.cookedEscapes = undefined;
      literal.cookedEscapes = cooked;
    }
    return literal;
  }

  /** Reads a string token; `plainUse` names a use that allows no interpolation. */
  private readString(token: IToken, plainUse?: string): StringLiteral["parts"] {
    const type = token.tokenType;
    const triple = type === T.TripleQuotedString || type === T.UnterminatedTripleQuotedString;
    const terminated =
      type === T.TripleQuotedString || type === T.QuotedString || type === T.SingleQuotedString;
    this.cookedEscapes = undefined;
    // Most strings: their text, nothing to report (no source to describe them made).
    const plain = plainStringParts(token.image, triple, terminated);
    if (plain !== undefined) return plain;
    const content = readStringLiteral(
      {
        image: token.image,
        offset: token.startOffset,
        triple,
        terminated,
        start: this.offsetRanges ? undefined : this.startOf(token),
      },
      this.lines,
      this.offsetRanges,
    );
    for (const problem of content.problems) this.problems.push(problem);
    if (content.dashedReads) for (const read of content.dashedReads) this.dashedReads.push(read);
    // For stringLiteral, which makes the node (a plain use keeps no node of a string).
    this.cookedEscapes = content.cookedEscapes;
    if (plainUse !== undefined) {
      for (const part of content.parts) {
        if (part.kind !== "interpolation") continue;
        this.problems.push({
          message: `${plainUse} cannot hold an interpolation`,
          range: part.range,
          offset: this.lines.offsetAt(part.range.start),
        });
      }
    }
    return content.parts;
  }

  private numberLiteral(token: IToken, unit: IToken | undefined): Expression | undefined {
    if (unit === undefined) {
      const integer = !token.image.includes(".");
      return { kind: "number", value: Number(token.image), integer, range: this.rangeOf(token) };
    }
    if (!UNIT_WORDS.has(unit.image)) {
      // `5 minutes`: one error, at the number and its word, and no value (as `5min`).
      this.reportedValues++;
      this.problems.push({
        message: unknownUnitMessage(unit.image, `${token.image} ${unit.image}`),
        range: { start: this.startOf(token), end: this.endOf(unit) },
        offset: token.startOffset,
      });
      return undefined;
    }
    const text = token.image + unit.image;
    const range: Range = { start: this.startOf(token), end: this.endOf(unit) };
    this.report(`write the unit right after the number: \`${text}\``, unit);
    return DURATION_UNIT_WORDS.has(unit.image)
      ? { kind: "duration", ms: durationMs(text), text, range }
      : { kind: "size", bytes: sizeBytes(text), text, range };
  }

  /**
   * Groups a chain by precedence (`!` > comparisons > `&&` > `||`, each
   * left to right). A comparison of a comparison (`a == b == c`) is MF001.
   */
  private groupChain(chain: OperatorChain): Expression | undefined {
    const values: (Expression | undefined)[] = [chain.operands[0]];
    const pending: IToken[] = [];
    let chained = false;
    const reduce = (): void => {
      const operator = pending.pop()!;
      const right = values.pop();
      const left = values.pop();
      values.push(left === undefined ? undefined : this.binary(operator, left, right));
    };
    chain.operators.forEach((operator, i) => {
      const rank = precedence(operator);
      while (pending.length > 0 && precedence(pending[pending.length - 1]!) >= rank) {
        // Reported once per chain: `a == a == a ...` is one mistake.
        if (rank === 3 && !chained)
          this.report("a condition compares two values: `a == b`", operator);
        chained ||= rank === 3;
        reduce();
      }
      pending.push(operator);
      values.push(chain.operands[i + 1]);
    });
    while (pending.length > 0) reduce();
    return values[0];
  }

  private binary(operator: IToken, left: Expression, right: Expression | undefined): Expression {
    if (operator.tokenType === T.Contains) return this.containsCall(operator, left, right);
    return {
      kind: "binary",
      operator: operator.image as BinaryOperator,
      operatorRange: this.rangeOf(operator),
      left,
      right,
      range: { start: left.range.start, end: right?.range.end ?? this.endOf(operator) },
    };
  }

  /** `[0]` after a reference: an index segment, or what is wrong with it. */
  private readIndex(open: IToken, index: IToken | undefined, close: IToken | undefined): void {
    const value = index === undefined ? NaN : Number(index.image);
    if (!Number.isInteger(value) || value < 0) {
      this.report(
        "expected an index, a whole number from 0: `[0]`",
        index ?? this.missingAt(),
        open,
      );
      return;
    }
    if (close === undefined) {
      this.report(`expected \`]\` after \`[${index!.image}\``, this.missingAt(), index);
      return;
    }
    this.segments.push({
      text: `[${value}]`,
      index: value,
      range: { start: this.startOf(open), end: this.endOf(close) },
    });
  }

  /** Enters a list, map or call; past the limit, the whole value is given up, with one report. */
  private enterNesting(open: IToken): void {
    this.nesting++;
    if (this.nesting <= MAX_NESTING || this.tooDeep) return;
    this.tooDeep = true;
    this.report(`values are nested more than ${MAX_NESTING} deep`, open);
  }

  /**
   * Past the nesting limit, skips what is left inside the innermost open
   * list, map or call, up to its closer (left to be read): each enclosing one
   * then ends at its own closer, and what follows the value parses as usual,
   * with the one report of {@link enterNesting}. Never past what cannot be in
   * a value (`step x {`, `workflow x {`), should a bracket be left open.
   */
  private skipTooDeep(): void {
    if (this.RECORDING_PHASE || !this.tooDeep) return;
    let depth = 0;
    for (;;) {
      const type = this.LA(1).tokenType;
      if (type === EOF || this.atDeclarationStart() || this.atWorkflowMemberStart()) return;
      if (type === T.RCurly || type === T.RParen || type === T.RBracket) {
        if (depth === 0) return;
        depth--;
      } else if (type === T.LCurly || type === T.LParen || type === T.LBracket) depth++;
      this.SKIP_TOKEN();
    }
  }

  /** The value has all the operators it may have: the next one is refused, with one report. */
  private tooManyOperators(): boolean {
    // A gate is asked before the lookahead: only an operator that is there is refused.
    if (this.operators < MAX_OPERATORS || !tokenMatcher(this.LA(1), T.BinaryOperator)) return false;
    this.tooDeep = true;
    this.report(
      `a value has more than ${MAX_OPERATORS} operators: split the condition`,
      this.LA(1),
    );
    return true;
  }

  private leaveNesting(): void {
    this.nesting--;
    if (this.nesting === 0) this.tooDeep = false;
  }

  /** Counts brackets skipped by a stray, so skipping stops only outside them. */
  private trackBrackets(token: IToken): void {
    const type = token.tokenType;
    if (type === T.LCurly || type === T.LParen || type === T.LBracket) this.strayDepth++;
    else if ((type === T.RCurly || type === T.RParen || type === T.RBracket) && this.strayDepth > 0)
      this.strayDepth--;
  }

  // ---------------------------------------------------------------- lookahead

  /** `next` starts on the line where `previous` ends. */
  private onSameLine(previous: IToken, next: IToken): boolean {
    return this.startOf(next).line === this.endOf(previous).line;
  }

  /**
   * The value just read is a bare shell word (`bash`, `sh`) and a string
   * follows it on its line: `run: bash "make"`. Only looked at after a bare
   * name, so a correct value costs one test.
   */
  private shellWordStringAhead(value: Expression | undefined): boolean {
    if (value?.kind !== "ref" || value.segments?.length !== 1) return false;
    const word = value.segments[0]!.text;
    return (
      SHELL_CALL_WORDS.has(word) &&
      this.at(T.StringToken) &&
      this.onSameLine(this.LA(0), this.LA(1))
    );
  }

  /** The string of `run: bash "make"`, said once with the string alone as the fix. */
  private shellWordString(key: IToken, word: Expression, string: IToken): Expression {
    const written = this.text.slice(string.startOffset, endOffset(string));
    const start = this.lines.offsetAt(word.range.start);
    const range = this.offsetRanges
      ? offsetRange(this.lines, start, endOffset(string))
      : { start: word.range.start, end: this.endOf(string) };
    this.problems.push({
      message: shellActionAdvice(key.image, written),
      range,
      offset: start,
      replacement: written,
    });
    return this.stringLiteral(string);
  }

  /**
   * `run = "make"`, `{ A = "b" }`: the `=` of TOML, make and Python where a
   * `:` goes, right after the key on its line (only looked at once the `:`
   * is found missing).
   */
  private equalsForColon(key: IToken, missingAt: IToken): boolean {
    return missingAt.tokenType === T.Equals && this.onSameLine(key, missingAt);
  }

  /** The one problem of {@link equalsForColon}, `:` as its fix. */
  private reportEqualsForColon(key: IToken, equals: IToken): void {
    // From the key's end: `run = "x"` becomes `run: "x"`.
    const replaceRange = this.offsetRanges
      ? offsetRange(this.lines, endOffset(key), endOffset(equals))
      : { start: this.endOf(key), end: this.endOf(equals) };
    this.problems.push({
      message: `a key and its value are written \`${key.image}: value\`, not \`${key.image} = value\``,
      range: this.rangeOf(equals),
      offset: equals.startOffset,
      replacement: ":",
      replaceRange,
    });
  }

  /**
   * `params {` first on its line in a workflow, its first entry a name
   * then `:` or `=` (see member-block.ts): one test of the word first.
   */
  private memberBlockAhead(): boolean {
    const word = this.LA(1);
    return (
      word.tokenType === T.Identifier &&
      MEMBER_BLOCK_WORDS.has(word.image) &&
      this.at(T.LCurly, 2) &&
      this.at(T.Name, 3) &&
      (this.at(T.Colon, 4) || this.at(T.Equals, 4)) &&
      !STEP_PROPERTY_NAMES.has(this.LA(3).image)
    );
  }

  /** The one problem of a params or vars block, its declarations one a line as the fix. */
  private reportMemberBlock(
    word: IToken,
    open: IToken,
    close: IToken | undefined,
    keyword: "param" | "var",
    entries: readonly { start: number; end: number }[],
  ): void {
    const texts = entries.map(({ start, end }) => this.text.slice(start, end));
    const example = texts[0] ?? (keyword === "param" ? "n: int = 3" : "v = 1");
    const message = memberBlockMessage(word.image, keyword, `${keyword} ${example}`);
    // Only entries between the braces (no comment to lose): the fix rewrites the block.
    let rest = close === undefined ? "x" : this.text.slice(endOffset(open), close.startOffset);
    for (let i = texts.length - 1; i >= 0; i--)
      rest =
        rest.slice(0, entries[i]!.start - endOffset(open)) +
        rest.slice(entries[i]!.end - endOffset(open));
    if (close === undefined || entries.length === 0 || !/^[\s,]*$/.test(rest)) {
      this.report(message, word);
      return;
    }
    const line = this.startOf(word).line;
    const indentation = " ".repeat(this.lines.indentation(line));
    const lineBreak = this.text.includes("\r\n") ? "\r\n" : "\n";
    const replaceRange = this.offsetRanges
      ? offsetRange(this.lines, word.startOffset, endOffset(close))
      : { start: this.startOf(word), end: this.endOf(close) };
    this.problems.push({
      message,
      range: this.rangeOf(word),
      offset: word.startOffset,
      replacement: memberLines(keyword, texts, indentation, lineBreak),
      replaceRange,
      fixTitle: `Declare each as a \`${keyword}\` line`,
    });
  }

  /**
   * `$name` outside a string, its `$` a lexer error: `$n` is one MF001 with
   * `n` as the fix; `$HOME`, written as environment variables are, is left
   * to the checker's MF008, which says how one is read (`env.HOME`).
   */
  private dollarReference(head: IToken): Name | undefined {
    const dollar = head.startOffset - 1;
    this.explained.push({ start: dollar, end: head.startOffset });
    // The name with its `$`: the checker's MF008 and its `env.HOME` fix cover both.
    if (isEnvironmentStyle(head.image)) {
      if (this.offsetRanges) return offsetName(head.image, this.lines, dollar, endOffset(head));
      return {
        text: head.image,
        range: { start: this.lines.positionAt(dollar), end: this.endOf(head) },
      };
    }
    const range = this.offsetRanges
      ? offsetRange(this.lines, dollar, endOffset(head))
      : { start: this.lines.positionAt(dollar), end: this.endOf(head) };
    this.problems.push({
      message: dollarNameMessage(head.image),
      range,
      offset: dollar,
      replacement: head.image,
    });
    return undefined;
  }

  /**
   * `{` right after a `$` (`${n}` outside a string), with a reference and
   * its `}` on the line: only the character before a map's `{` is looked at.
   */
  private dollarBraceAhead(open: IToken): boolean {
    return (
      this.text.charCodeAt(open.startOffset - 1) === DOLLAR &&
      this.at(T.ReferenceStart) &&
      this.closesOnLine(open)
    );
  }

  /** The `}` that closes `open` (nothing opened between) is on its line. */
  private closesOnLine(open: IToken): boolean {
    for (let distance = 1; ; distance++) {
      const token = this.LA(distance);
      if (token.tokenType === EOF || !this.onSameLine(open, token)) return false;
      if (token.tokenType === T.RCurly) return true;
      if (token.tokenType === T.LCurly) return false;
    }
  }

  /** Whether the type `type` is followed by its items' type (`[]`, `<string>`), kept in {@link typedCollection}. */
  private typedCollectionAhead(type: IToken): boolean {
    this.typedCollection = typedCollectionAfter(
      type,
      (distance) => this.LA(distance),
      (previous, next) => this.onSameLine(previous, next),
    );
    return this.typedCollection !== undefined;
  }

  /**
   * The type `list` (or `map`) over `type` and its items' type up to `last`,
   * said once: a list's items are not typed.
   */
  private typedCollectionName(type: IToken, last: IToken): Name {
    const meant = this.typedCollection?.meant ?? "list";
    const written = this.text.slice(type.startOffset, endOffset(last));
    const range = this.offsetRanges
      ? offsetRange(this.lines, type.startOffset, endOffset(last))
      : { start: this.startOf(type), end: this.endOf(last) };
    const what =
      meant === "map"
        ? "a map's values are not typed: write `map` (it holds values of any type)"
        : "a list's items are not typed: write `list` (it holds values of any type)";
    this.problems.push({
      message: `\`${written}\`: ${what}`,
      range,
      offset: type.startOffset,
      replacement: meant,
    });
    return { text: meant, range };
  }

  private at(type: TokenType, distance = 1): boolean {
    return tokenMatcher(this.LA(distance), type);
  }

  private atEnd(): boolean {
    return this.LA(1).tokenType === EOF;
  }

  /** `workflow x {`, `command x(` / `command x {`, `test "..."`, `import "..."`. */
  private atDeclarationStart(): boolean {
    const type = this.LA(1).tokenType;
    if (type === T.Workflow)
      return this.at(T.LCurly, 2) || (this.at(T.Name, 2) && this.at(T.LCurly, 3));
    if (type === T.Command)
      return this.at(T.Name, 2) && (this.at(T.LParen, 3) || this.at(T.LCurly, 3));
    if (type === T.Test || type === T.Import) return this.at(T.StringToken, 2);
    return false;
  }

  /** `step x {`, `param x:`, `var x =`: a workflow member, which cannot be inside a step. */
  private atWorkflowMemberStart(only?: TokenType): boolean {
    const type = this.LA(1).tokenType;
    if (only !== undefined && type !== only) return false;
    if (type === T.Step) return this.at(T.Name, 2) && this.at(T.LCurly, 3);
    if (type === T.Param) return this.at(T.Name, 2) && this.at(T.Colon, 3);
    if (type === T.Var) return this.at(T.Name, 2) && this.at(T.Equals, 3);
    return false;
  }

  /**
   * The next tokens start a workflow's member (`param q:`, `var v =`,
   * `step c {`) first on its line and indented deeper than the step being
   * read: written inside that step. No deeper than the step, it is where the
   * step's forgotten `}` belongs, and ends the step.
   */
  private memberInsideStep(): boolean {
    if (!this.atWorkflowMemberStart()) return false;
    const step = this.owners[this.owners.length - 1];
    const member = this.LA(1);
    if (step?.kind !== "step" || this.onSameLine(this.LA(0), member)) return false;
    return this.startOf(member).character > this.lines.indentation(step.range.start.line);
  }

  /** Whether a block's member loop goes on: not at its `}`, the end, or what cannot be inside it. */
  private insideBody(isStep: boolean): boolean {
    if (this.at(T.RCurly) || this.atEnd() || this.atDeclarationStart()) return false;
    if (this.indentedBodies.length > 0 && (this.dedentAhead() || this.stepHeaderBelow(isStep)))
      return false;
    return !(isStep && this.atWorkflowMemberStart() && !this.memberInsideStep());
  }

  /**
   * In a file whose blocks are read by indentation, `step b` first on a
   * line no deeper than the step being read: the next step's header, its
   * `{` not written either (a braced file's header has it, see
   * {@link atWorkflowMemberStart}).
   */
  private stepHeaderBelow(isStep: boolean): boolean {
    const step = this.owners[this.owners.length - 1];
    const next = this.LA(1);
    if (!isStep || step?.kind !== "step" || next.tokenType !== T.Step || !this.at(T.Name, 2))
      return false;
    if (this.onSameLine(this.LA(0), next)) return false;
    return this.startOf(next).character <= this.lines.indentation(step.range.start.line);
  }

  /**
   * The next token is a name (a member's first word, as `expect`) starting a
   * later line no deeper indented than the property being read. A string or
   * a list there is still the value (`run:` above its `"""` script).
   */
  private nextMemberAhead(): boolean {
    const key = this.propertyKey;
    const next = this.LA(1);
    if (key === undefined || !tokenMatcher(next, T.ReferenceStart)) return false;
    if (this.onSameLine(this.LA(0), next)) return false;
    return this.startOf(next).character <= this.lines.indentation(this.startOf(key).line);
  }

  /**
   * The next token is the start of `step` being typed (`s`, `st`, `ste`)
   * first on its line, maybe with an id and `{` after it, or any other word
   * with an id and `{` after it (`tep build {`, `stpe build {`), and the next
   * line is indented deeper: a step's header typed again above its body. Read as
   * the step's keyword, the body stays the step's (no "unknown property
   * `run` of a workflow", no `}` closing the workflow early).
   */
  private stepKeywordBeingTyped(): boolean {
    const word = this.LA(1);
    if (word.tokenType !== T.Identifier) return false;
    // `tep build {`, `stpe build {`: a word before an id and `{` can only be the step's keyword.
    const beforeId =
      this.at(T.Name, 2) &&
      this.at(T.LCurly, 3) &&
      this.onSameLine(word, this.LA(2)) &&
      this.onSameLine(word, this.LA(3));
    if (!beforeId && !"step".startsWith(word.image)) return false;
    if (this.onSameLine(this.LA(0), word)) return false;
    let distance = 2;
    if (this.at(T.Name, distance) && this.onSameLine(word, this.LA(distance))) distance++;
    if (this.at(T.LCurly, distance) && this.onSameLine(word, this.LA(distance))) distance++;
    const next = this.LA(distance);
    if (next.tokenType === EOF || this.onSameLine(word, next)) return false;
    return this.startOf(next).character > this.lines.indentation(this.startOf(word).line);
  }

  /**
   * The next tokens are `name:` first on a later line, and before any `}`
   * (or another declaration) a `)` that no `(` after them opens is followed
   * by `{` on its line: the parameters of a command on lines of their own,
   * their `(` gone with the header line. A property's value never holds a
   * `)` it does not open, so no body reads as parameters.
   */
  private unopenedParametersAhead(): boolean {
    if (!this.at(T.Name) || !this.at(T.Colon, 2)) return false;
    if (this.LA(0).tokenType !== EOF && this.onSameLine(this.LA(0), this.LA(1))) return false;
    let depth = 0;
    for (let distance = 3; ; distance++) {
      const token = this.LA(distance);
      const type = token.tokenType;
      // A declaration's keyword at a line's start: the block ended without a `)`.
      const declaration = DECLARATION_WORDS.has(type) && this.startOf(token).character === 0;
      if (type === EOF || (depth === 0 && declaration)) return false;
      if (type === T.LParen || type === T.LBracket || type === T.LCurly) depth++;
      else if (depth > 0 && (type === T.RParen || type === T.RBracket || type === T.RCurly))
        depth--;
      else if (type === T.RCurly || type === T.RBracket) return false;
      else if (type === T.RParen) {
        const open = this.LA(distance + 1);
        return open.tokenType === T.LCurly && this.onSameLine(token, open);
      }
    }
  }

  /**
   * At the top of the file, the next token starts an indented line, and
   * {@link unopenedParametersAhead}: a command's parameters whose header
   * line (`command upload(`) was deleted whole.
   */
  private headlessParametersAhead(): boolean {
    if (this.owners.length > 0 || !this.at(T.Name) || !this.at(T.Colon, 2)) return false;
    if (this.startOf(this.LA(1)).character === 0) return false;
    return this.unopenedParametersAhead();
  }

  /**
   * The next tokens are a name and `(` first on their line, at the top of
   * the file, the line ends with `{` and the next line is indented deeper:
   * a command's header whose `command` was deleted (`upload(target: string)
   * {`; no other declaration has a name before `(`, and a top-level line
   * holds nothing else).
   */
  private commandWithoutKeywordAhead(): boolean {
    const name = this.LA(1);
    if (this.owners.length > 0 || !this.at(T.Name) || !this.at(T.LParen, 2)) return false;
    if (HEADER_WORDS.has(name.tokenType) || name.tokenType === T.Test) return false;
    if (this.LA(0).tokenType !== EOF && this.onSameLine(this.LA(0), name)) return false;
    if (!this.onSameLine(name, this.LA(2))) return false;
    let distance = 3;
    while (this.LA(distance).tokenType !== EOF && this.onSameLine(name, this.LA(distance)))
      distance++;
    const next = this.LA(distance);
    if (next.tokenType === EOF || !this.at(T.LCurly, distance - 1)) return false;
    return this.startOf(next).character > this.lines.indentation(this.startOf(name).line);
  }

  /**
   * The next tokens are `build {`, first and last on their line, and the
   * next line is indented deeper: a step's header whose `step` was deleted
   * (no property is written without its `:`).
   */
  private stepWithoutKeywordAhead(): boolean {
    const id = this.LA(1);
    // Any id a step may have (`test` too), but the words that start members and declarations.
    if (!this.at(T.Name) || !this.at(T.LCurly, 2) || HEADER_WORDS.has(id.tokenType)) return false;
    const open = this.LA(2);
    const next = this.LA(3);
    if (this.onSameLine(this.LA(0), id) || !this.onSameLine(id, open)) return false;
    if (next.tokenType === EOF || this.onSameLine(open, next)) return false;
    return this.startOf(next).character > this.lines.indentation(this.startOf(id).line);
  }

  /**
   * The next token is a step's property (`needs:`) first on its line in a
   * workflow, and the first `}` after it that no `{` after it opens stands
   * first on a later line, less indented than the property and more than the
   * workflow's line, or last on a line as indented as the property (`run:
   * "echo" }`), with more after it that is no declaration: that `}` is
   * a step's whose `step <id> {` line was deleted, not the workflow's. A
   * step's property written in the workflow itself is followed by the
   * workflow's `}`, and stays the workflow's unknown property (MF009).
   */
  private headlessStepAhead(): boolean {
    const key = this.LA(1);
    if (!this.at(T.Colon, 2) || !STEP_PROPERTY_NAMES.has(key.image)) return false;
    const workflow = this.owners[this.owners.length - 1];
    if (workflow?.kind !== "workflow" || this.onSameLine(this.LA(0), key)) return false;
    const indentation = this.startOf(key).character;
    const outer = this.lines.indentation(workflow.range.start.line);
    let depth = 0;
    for (let distance = 3; ; distance++) {
      const token = this.LA(distance);
      const type = token.tokenType;
      if (type === EOF) return false;
      if (type === T.LCurly) depth++;
      else if (type === T.RCurly && depth > 0) depth--;
      else if (type === T.RCurly) {
        const column = this.startOf(token).character;
        if (this.onSameLine(this.LA(distance - 1), token)) {
          // Last on a line of the step's body (`run: "echo" }`): the step's too.
          const line = this.lines.indentation(this.startOf(token).line);
          if (!this.endsLine(distance) || line !== indentation) return false;
        } else if (column >= indentation || column <= outer) return false;
        const after = this.LA(distance + 1).tokenType;
        return !(
          after === EOF ||
          after === T.Workflow ||
          after === T.Command ||
          after === T.Test ||
          after === T.Import
        );
      }
    }
  }

  /**
   * The next token is the start of `keyword` being typed (`w` to `workflo`,
   * `c` to `comman`), or for a command any word before its name and `(`
   * (`comand upload(`), first on its line, and the first token of a later line
   * is indented deeper: a declaration's header typed again above its body,
   * read as its keyword (as {@link stepKeywordBeingTyped} is a step's), so
   * the body stays the declaration's: its members, their problems, the
   * editor's colours, hovers and outline of them.
   */
  private declarationKeywordBeingTyped(keyword: "workflow" | "command" | "test"): boolean {
    const word = this.LA(1);
    if (word.tokenType !== T.Identifier) return false;
    // `comand upload(`: a word before a name and `(` can only be a command's keyword.
    const beforeParameters =
      keyword === "command" &&
      this.at(T.Name, 2) &&
      this.at(T.LParen, 3) &&
      this.onSameLine(word, this.LA(3));
    if (!beforeParameters && !keyword.startsWith(word.image)) return false;
    // First in the file: nothing before it (LA(0) is then no token of the text).
    const previous = this.LA(0);
    if (previous.tokenType !== EOF && this.onSameLine(previous, word)) return false;
    // The rest of its line (a name, parameters, `{`) as typed so far, then the body.
    let distance = 2;
    while (this.LA(distance).tokenType !== EOF && this.onSameLine(word, this.LA(distance)))
      distance++;
    const next = this.LA(distance);
    if (next.tokenType === EOF) return false;
    return this.startOf(next).character > this.lines.indentation(this.startOf(word).line);
  }

  /** `wor` typed above a workflow's body: the one mistake there; its name and `{` go unsaid. */
  private reportKeywordBeingTyped(word: IToken, keyword: "workflow" | "command" | "test"): void {
    this.reportReplaceable(
      `${STRAY_EXPECTATIONS.top}, not \`${word.image}\`; did you mean \`${keyword}\`?`,
      word,
      keyword,
    );
  }

  /**
   * The next token starts a line of a workflow's, test's or command's body
   * at the top of the file, indented (`  param who: string`, `  step build
   * {`, `  workflow: w`, `  expect status == success`, `  run: "echo up"`),
   * and the first `}` after it that no `{` after it opens is that body's,
   * its header line deleted: first on a later line, less indented, or last
   * on its line (`  timeout: 10s }`). Which of the three it is: the first
   * of its lines at its indentation that only one of them has (`param`,
   * `var`, `step` and a workflow's own properties; `expect` and a test's
   * own properties, `workflow:` among them; a command's own, `run:`,
   * `rollback:`). Undefined when it is none: the token is then stray text,
   * as before. A file's declarations start unindented, so no valid file
   * scans ahead here.
   */
  private headlessDeclarationAhead(): HeadlessKind | undefined {
    const first = this.LA(1);
    if (this.owners.length > 0 || first.tokenType === EOF) return undefined;
    if (this.LA(0).tokenType !== EOF && this.onSameLine(this.LA(0), first)) return undefined;
    const indentation = this.startOf(first).character;
    if (indentation === 0 || this.headlessKind(1) === null) return undefined;
    let kind: HeadlessKind | undefined;
    let depth = 0;
    for (let distance = 1; ; distance++) {
      const token = this.LA(distance);
      const type = token.tokenType;
      if (type === EOF) return undefined;
      const lineStart = distance === 1 || !this.onSameLine(this.LA(distance - 1), token);
      if (kind === undefined && depth === 0 && lineStart) {
        if (this.startOf(token).character === indentation)
          kind = this.headlessKind(distance) ?? undefined;
      }
      if (type === T.LCurly) depth++;
      else if (type === T.RCurly && depth > 0) depth--;
      else if (type === T.RCurly) {
        if (lineStart) return this.startOf(token).character < indentation ? kind : undefined;
        return this.endsLine(distance) ? kind : undefined;
      }
    }
  }

  /**
   * Which body the line starting at `distance` can be a line of: a
   * workflow's, a test's, a command's, more than one (undefined: a property
   * they share), or none (null).
   */
  private headlessKind(distance: number): HeadlessKind | undefined | null {
    const type = this.LA(distance).tokenType;
    if (type === T.Param || type === T.Var || type === T.Step) return "workflow";
    if (type === T.Expect) return "test";
    if (!tokenMatcher(this.LA(distance), T.Name) || !this.at(T.Colon, distance + 1)) return null;
    const key = this.LA(distance).image;
    return HEADLESS_PROPERTY_KINDS.has(key) ? HEADLESS_PROPERTY_KINDS.get(key) : null;
  }

  /** The token at `distance` is the last of its line (or of the file). */
  private endsLine(distance: number): boolean {
    const next = this.LA(distance + 1);
    return next.tokenType === EOF || !this.onSameLine(this.LA(distance), next);
  }

  /**
   * After `key:`, nothing more on its line, or only `"` or `""` (the
   * opening `"""` being typed); below it lines indented deeper than the
   * key's; then a `"""` alone on its line at the key's indentation that the
   * lexer read as unterminated (nothing after it closes it, or it was cut
   * as another string's opener): that script's closer. Leaves it in
   * {@link unopenedCloser}. Reads no further than the script: its lines
   * are the deeper ones.
   */
  private unopenedScriptAhead(key: IToken, colon: IToken): boolean {
    let distance = 1;
    const quotes = this.LA(1);
    if (this.onSameLine(colon, quotes)) {
      const partial =
        (quotes.tokenType === T.UnterminatedString && quotes.image === '"') ||
        (quotes.tokenType === T.QuotedString && quotes.image === '""');
      if (!partial || this.onSameLine(quotes, this.LA(2))) return false;
      distance = 2;
    }
    const indentation = this.lines.indentation(this.startOf(key).line);
    // The script's first line, then each line's first token, down to the closer.
    for (let previous = this.LA(distance - 1); ; distance++) {
      const token = this.LA(distance);
      if (token.tokenType === EOF) return false;
      if (this.onSameLine(previous, token)) {
        previous = token;
        continue;
      }
      previous = token;
      const column = this.startOf(token).character;
      if (column > indentation) continue;
      const closer =
        token.tokenType === T.UnterminatedTripleQuotedString &&
        column === indentation &&
        distance > 2 &&
        token.image.slice(3).trim() === "";
      if (closer) this.unopenedCloser = token;
      return closer;
    }
  }

  /**
   * `file in` after `for_each:`; or `file` and the items on its line, its
   * `in` left out (`for_each: file names`, `for_each: file glob(…)`).
   */
  private forEachItemAhead(): boolean {
    if (!this.at(T.Name)) return false;
    if (this.at(T.Name, 2) && this.forEachInAhead(2)) return true;
    return this.LA(1).image !== FOR_EACH_IN && this.itemsAfterOnLine(1);
  }

  /**
   * `file in` after the key of a property that is not `for_each` (a
   * misspelt one, `for_eac: file in names`): `in` after a name is a word
   * only there, so the property's value is still its items.
   */
  private itemInAhead(): boolean {
    const word = this.LA(2);
    return (
      this.at(T.Name) &&
      word.image === FOR_EACH_IN &&
      this.onSameLine(this.LA(0), this.LA(1)) &&
      this.onSameLine(this.LA(1), word) &&
      this.itemsAfterOnLine(2)
    );
  }

  /**
   * The `in` of `for_each: file in` at `distance`, its start being typed
   * (`for_each: site i`), or another word in its place before the items
   * (`for_each: site of sites`, `for_each: site inn sites`).
   */
  private forEachInAhead(distance = 1): boolean {
    const word = this.LA(distance);
    if (word.image === FOR_EACH_IN) return true;
    if (word.tokenType !== T.Identifier || !this.onSameLine(this.LA(distance - 1), word))
      return false;
    return FOR_EACH_IN.startsWith(word.image) || this.itemsAfterOnLine(distance);
  }

  /**
   * The token at `distance`, on the line of the `for_each:` being read, is
   * followed there by what starts its items: a name that is no next
   * property's key (`names`, `glob(`, `steps.x.outputs`) or a list.
   */
  private itemsAfterOnLine(distance: number): boolean {
    const before = this.LA(distance);
    const next = this.LA(distance + 1);
    if (!this.onSameLine(this.LA(distance - 1), before) || !this.onSameLine(before, next))
      return false;
    if (next.tokenType === T.LBracket) return true;
    return tokenMatcher(next, T.Name) && !this.at(T.Colon, distance + 2);
  }

  /** What a `for_each` without `<item> in <items>` lacks, said once. */
  private reportForEach(item: IToken | undefined, value: Expression | undefined): void {
    if (item === undefined && value !== undefined)
      this.report(`expected \`<item> in\` before the items: ${FOR_EACH_EXAMPLE}`, value.range);
    else if (item !== undefined)
      this.report(`expected the items after \`${item.image} in\`: ${FOR_EACH_EXAMPLE}`, this.LA(0));
    else this.reportNext(`expected \`<item> in <items>\` after \`for_each:\`: ${FOR_EACH_EXAMPLE}`);
  }

  /** `key ...`, but not `word name {` (a misspelt declaration, skipped whole). */
  private propertyAhead(): boolean {
    return !(this.at(T.Name, 2) && this.at(T.LCurly, 3));
  }

  /** A value starts here (and not the next property, member or declaration). */
  private valueAhead(): boolean {
    if (this.tooDeep) return false;
    const next = this.LA(1);
    if (tokenMatcher(next, T.ReferenceStart)) {
      if (this.at(T.Colon, 2) && !this.valueBeforeNamelessKey()) return false;
      return !this.atWorkflowMemberStart() && !this.atDeclarationStart();
    }
    // `(` groups a condition; after a name it is a call's or a misspelt property's.
    if (next.tokenType === T.LParen) return !tokenMatcher(this.LA(0), T.Name);
    return VALUE_STARTS.has(next.tokenType);
  }

  /**
   * `output: json` above a line that starts with `:` (the next property's
   * name deleted, to be typed again): the name, on the line of the `:`
   * before it, is this value, and the `:` below it is the stray one — not
   * a property `json` whose value is missing.
   */
  private valueBeforeNamelessKey(): boolean {
    const name = this.LA(1);
    return this.onSameLine(this.LA(0), name) && !this.onSameLine(name, this.LA(2));
  }

  private argumentAhead(): boolean {
    return this.valueAhead() || (this.at(T.Name) && this.at(T.Colon, 2) && !this.tooDeep);
  }

  /** A map entry: `key:` (`A-B:` too), or a key on the line of the previous entry. */
  private mapEntryAhead(): boolean {
    if (this.tooDeep || (!this.at(T.Name) && !this.at(T.StringToken))) return false;
    return this.at(T.Colon, 2) || this.onSameLine(this.LA(0), this.LA(1));
  }

  /**
   * What the keys of the map being read name, when they are names (of `env:`
   * or of a test's `params:`, the map itself, not a value in it); undefined
   * for a map of values, whose keys may be any string.
   */
  private namedKeys(): string | undefined {
    if (this.nesting !== 1) return undefined;
    const property = this.propertyKey?.image;
    if (property === ENV) return "an environment variable name";
    if (property === PARAMS && this.owners.at(-1)?.kind === "test") return PARAM_NAME;
    return undefined;
  }

  /**
   * The key `A-B` (a {@link T.DashedName}), said here for what it is a key
   * of (not as any dashed name, see dashed-name.ts): in `env` or a test's
   * `params`, what a name may hold, with `A_B` as the fix, and read as `A_B`
   * meanwhile (no MF030 or unknown param as well); elsewhere, to write it as
   * a string, and read as the string `"A-B"`.
   */
  private dashedKey(written: IToken): IToken {
    const image = this.text.slice(written.startOffset, endOffset(written));
    this.explained.push({ start: written.startOffset, end: endOffset(written) });
    const named = this.namedKeys();
    if (named !== undefined) {
      const name = written.image;
      const problem: SyntaxProblem = {
        message: `\`${image}\` is not ${named}: a name holds letters, digits and \`_\`, not starting with a digit; write \`${name}\``,
        range: this.rangeOf(written),
        offset: written.startOffset,
        replacement: name,
      };
      // A test's `my-name` of a param declared `my-name`: that declaration's MF001 covers it.
      if (named === PARAM_NAME) this.dashedKeys.push({ name, problem });
      else this.problems.push(problem);
      return written;
    }
    const key: IToken = { ...written, image };
    this.reportReplaceable(
      `a name holds no \`-\`: write the key \`${image}\` as a string, \`"${image}"\``,
      key,
      `"${image}"`,
    );
    return key;
  }

  /**
   * `and` or `or` between two values on one line, where Python, SQL or
   * Ansible write them: a name there would be a property without its `:`.
   */
  private wordOperatorAhead(): boolean {
    const word = this.LA(1);
    if (word.tokenType !== T.Identifier || !WORD_OPERATORS.has(word.image)) return false;
    if (this.tooDeep || !this.onSameLine(this.LA(0), word)) return false;
    const next = this.LA(2);
    if (tokenMatcher(next, T.ReferenceStart)) return !this.at(T.Colon, 3);
    return next.tokenType === T.LParen || VALUE_STARTS.has(next.tokenType);
  }

  /**
   * `contains` in a condition between an operand and a value on its line
   * (`when: b contains "a"`), as an `expect` writes it: the condition's is
   * the function `contains(b, "a")`.
   */
  private containsAhead(): boolean {
    if (!this.readingCondition || this.tooDeep || this.LA(1).tokenType !== T.Contains) return false;
    const next = this.LA(2);
    if (!this.onSameLine(this.LA(0), this.LA(1)) || !this.onSameLine(this.LA(1), next))
      return false;
    if (tokenMatcher(next, T.ReferenceStart)) return !this.at(T.Colon, 3);
    return VALUE_STARTS.has(next.tokenType);
  }

  /**
   * `b contains "a"` read as the `contains(b, "a")` it stands for, said once
   * over the whole, with the call as the fix — not an unknown property
   * `contains`, a missing `:` and a comparison outside `when`.
   */
  private containsCall(
    operator: IToken,
    left: Expression,
    right: Expression | undefined,
  ): Expression {
    const range = { start: left.range.start, end: right?.range.end ?? this.endOf(operator) };
    const source = (from: Range): string =>
      this.text.slice(this.lines.offsetAt(from.start), this.lines.offsetAt(from.end));
    if (right !== undefined) {
      const call = `contains(${source(left.range)}, ${source(right.range)})`;
      this.problems.push({
        message: `in a condition \`contains\` is a function: write \`${call}\``,
        range,
        offset: this.lines.offsetAt(range.start),
        replacement: call,
      });
    }
    const argument = (value: Expression): Argument => ({
      name: undefined,
      value,
      range: value.range,
    });
    return {
      kind: "call",
      callee: { text: "contains", range: this.rangeOf(operator) },
      args: right === undefined ? [argument(left)] : [argument(left), argument(right)],
      argsRange: range,
      range,
    };
  }

  /**
   * `=` in a condition (`when: target = "prod"`), between an operand and a
   * value on its line: a comparison written as an assignment is.
   */
  private singleEqualsAhead(): boolean {
    if (!this.readingCondition || this.tooDeep || !this.at(T.Equals)) return false;
    const equals = this.LA(1);
    const next = this.LA(2);
    if (!this.onSameLine(this.LA(0), equals) || !this.onSameLine(equals, next)) return false;
    if (tokenMatcher(next, T.ReferenceStart)) return !this.at(T.Colon, 3);
    return VALUE_STARTS.has(next.tokenType);
  }

  /**
   * `===` or `!==`, as JavaScript compares, is lexed as `==` or `!=` and a
   * `=` right after it: that `=` is skipped, and the three characters are
   * said once, with the two-character operator as the fix.
   */
  private strictEqualityRead(operator: IToken): IToken {
    const equals = this.LA(1);
    if (
      equals.tokenType !== T.Equals ||
      equals.startOffset !== endOffset(operator) ||
      (operator.tokenType !== T.EqualEqual && operator.tokenType !== T.NotEqual)
    )
      return operator;
    this.SKIP_TOKEN();
    const written = { ...operator, image: `${operator.image}=` };
    this.reportReplaceable(
      `write \`${operator.image}\` to compare: there is no \`${written.image}\``,
      written,
      operator.image,
    );
    return operator;
  }

  /** `=` of a condition read as the `==` it stands for, said once where it is written. */
  private equalsAsComparison(equals: IToken): IToken {
    this.reportReplaceable("write `==` to compare: `=` is no comparison", equals, "==");
    return { ...equals, image: "==", tokenType: T.EqualEqual };
  }

  /**
   * `not` followed on its line by an operand (`not a`, `not (a)`), where
   * Python writes `!`: a name there would be a property without its `:`.
   * Not `not(`: that is a call.
   */
  private notOperandAhead(head: IToken): boolean {
    if (head.image !== "not" || head.tokenType !== T.Identifier) return false;
    const next = this.LA(1);
    if (this.tooDeep || !this.onSameLine(head, next)) return false;
    if (next.tokenType === T.LParen) return next.startOffset > endOffset(head);
    if (tokenMatcher(next, T.ReferenceStart)) return !this.at(T.Colon, 2);
    return next.tokenType === T.Bang || VALUE_STARTS.has(next.tokenType);
  }

  /** `not a` read as the `!a` it stands for, said once where `not` is written. */
  private wordNot(word: IToken, operand: Expression): Expression {
    this.reportReplaceable("write `!` for `not`: a condition negates with `!`", word, "!");
    return { kind: "not", operatorRange: this.rangeOf(word), operand, range: this.rangeFrom(word) };
  }

  /** `and` read as the `&&` it stands for (`or` as `||`), said once where it is written. */
  private wordOperator(word: IToken): IToken {
    const [image, tokenType] = WORD_OPERATORS.get(word.image)!;
    this.reportReplaceable(
      `write \`${image}\` for \`${word.image}\`: a condition joins its parts with \`&&\` and \`||\``,
      word,
      image,
    );
    return { ...word, image, tokenType };
  }

  /**
   * `10 MB`: a unit written apart from its number, on the same line. Not
   * before `:`: there it names the next map key, argument or property
   * (`{ A: 1 B: 2 }` lacks a comma, it writes no size).
   */
  private detachedUnitAhead(): boolean {
    const next = this.LA(1);
    return (
      next.tokenType === T.Identifier &&
      (UNIT_WORDS.has(next.image) || UNIT_LIKE_WORDS.has(next.image.toLowerCase())) &&
      this.onSameLine(this.LA(0), next) &&
      !this.at(T.Colon, 2)
    );
  }

  /** Where skipping stops: what can start again in `context`. */
  private atResumePoint(context: StrayContext): boolean {
    if (this.atEnd() || this.atDeclarationStart()) return true;
    if (context === "top") return false;
    // A line no deeper than a brace-less header ends its body, whatever was left open.
    if (
      this.indentedBodies.length > 0 &&
      (this.dedentAhead() || this.stepHeaderBelow(context === "step"))
    )
      return true;
    if (this.strayDepth > 0) return false;
    if (this.at(T.RCurly) || (this.at(T.Name) && this.at(T.Colon, 2))) return true;
    if (context === "workflow" || context === "step") return this.atWorkflowMemberStart();
    return context === "test" && this.at(T.Expect);
  }

  // ------------------------------------------------------------------ reports

  /**
   * Reports the reference being read, which ends with `mark` (its `.` or
   * `/`) and nothing after it, on what was written (`steps.build.`), with
   * what it lacks.
   */
  private reportUnfinished(mark: IToken): void {
    this.unfinishedReference = true;
    const head = this.referenceHead;
    if (head === undefined) {
      this.report(`expected a name after \`${mark.image}\``, this.LA(1), mark);
      return;
    }
    const segments = this.headInSegments ? this.segments : [this.nameOf(head), ...this.segments];
    const written = `${segmentsText(segments)}${mark.image}`;
    const message =
      mark.image === "/"
        ? calledStepMessage(written)
        : !this.headInSegments
          ? expectPathMessage(written, this.expectSubject?.image ?? "output")
          : afterDotMessage(written, this.readingCondition ? "condition" : "value");
    this.report(message, this.rangeFrom(head));
  }

  /** A member's value is read next: the references it leaves unfinished are its own. */
  private startMember(): void {
    if (!this.RECORDING_PHASE && this.unfinishedReferences.length > 0)
      this.unfinishedReferences = [];
  }

  /** Attaches to `node` the references left unfinished since {@link startMember}. */
  private keepUnfinished(node: UnfinishedReferences): void {
    if (this.unfinishedReferences.length === 0) return;
    node.unfinished = this.unfinishedReferences;
    this.unfinishedReferences = [];
  }

  /**
   * Reports what is missing after the last token read: on the next token,
   * or on the last one read when the next starts a later line (it belongs at
   * the end of that line: `p` typed above `param part: string` lacks its `:`
   * there, not on the next line, which is right as it is).
   */
  private reportNext(message: string): void {
    this.report(message, this.missingAt());
  }

  /** Where {@link reportNext} reports now: the next token, or the last one read before a later line. */
  private missingAt(): IToken {
    const next = this.LA(1);
    const last = this.LA(0);
    const read = last !== undefined && last.tokenType !== EOF && !Number.isNaN(last.startOffset);
    return read && next.tokenType !== EOF && !this.onSameLine(last, next) ? last : next;
  }

  /**
   * Reports a closer missing: on the last token read when what follows is
   * on a later line (the closer belongs at the end of that line, not on the
   * next property), else on the next token.
   */
  private reportMissingCloser(message: string): void {
    this.reportNext(message);
  }

  /**
   * Whether the list, map or call opened at `open` ends before the next
   * token although its `closer` is missing: the next token starts a later
   * line, no deeper indented than the line that opened it (so it is the
   * block's next property, `rollback:` after `run: log(message: x`, not
   * one more argument), and, for `)` and `]`, no such closer comes before
   * the block's own `}`. A map's `}` cannot be told from the block's: there
   * a comma before the line says the map goes on.
   */
  private closerForgotten(open: IToken | undefined, closer: TokenType): boolean {
    if (open === undefined || this.RECORDING_PHASE) return false;
    const previous = this.LA(0);
    const next = this.LA(1);
    if (next.tokenType === EOF || this.onSameLine(previous, next)) return false;
    const opening = this.startOf(open).line;
    if (this.startOf(next).character > this.lines.indentation(opening)) return false;
    // The cheap tests first: most items are on the line of the one before.
    if (!this.closersMissing()) return false;
    if (closer === T.RCurly)
      return previous.tokenType !== T.Comma || this.blockCloserAhead(this.startOf(open).line);
    return !this.closesAhead(closer);
  }

  /**
   * Whether a command's parameters, their `)` forgotten, end before the next
   * token: it starts a later line that holds no parameter (`run: "echo"`,
   * `}`: the command's body, `command c(name: string` typed above it), and
   * no `)` closes the parameters before a `{` or `}` does. Parameters on
   * lines of their own, closed later, read on.
   */
  private parametersEndedBefore(): boolean {
    if (this.RECORDING_PHASE || this.onSameLine(this.LA(0), this.LA(1))) return false;
    // `name: type`, `name: type = ...`, `name` alone: a parameter (a property's value is no type).
    const parameter =
      this.at(T.Name) &&
      (!this.at(T.Colon, 2) || (this.at(T.Name, 3) && !this.at(T.LParen, 4) && !this.at(T.Dot, 4)));
    return !parameter && !this.closesAhead(T.RParen);
  }

  /**
   * Whether the file opens more brackets than it closes: only then can a
   * closer have been forgotten (a map written flat, its entries no deeper
   * than its property, is no mistake). Counted once per parse.
   */
  private closersMissing(): boolean {
    if (this.unclosed === undefined) {
      let depth = 0;
      for (const token of this.tokens) {
        const type = token.tokenType;
        if (type === T.LParen || type === T.LBracket || type === T.LCurly) depth++;
        else if (type === T.RParen || type === T.RBracket || type === T.RCurly) depth--;
      }
      this.unclosed = depth > 0;
    }
    return this.unclosed;
  }

  /**
   * Whether the next token is a `}` on a later line than the map opened at
   * `open`, less indented than that line, in a file short of closers: the
   * block's `}`, the map's forgotten.
   */
  private blockCloserNext(open: IToken): boolean {
    if (this.RECORDING_PHASE || !this.at(T.RCurly)) return false;
    const next = this.LA(1);
    if (this.onSameLine(this.LA(0), next)) return false;
    const opening = this.startOf(open).line;
    return this.startOf(next).character < this.lines.indentation(opening) && this.closersMissing();
  }

  /**
   * The next token is not the `}` of the map being read, and that `}` comes
   * later on the next token's line, after what opens and closes in between.
   */
  private strayBeforeCloserOnLine(): boolean {
    const first = this.LA(1);
    if (first.tokenType === EOF || first.tokenType === T.RCurly) return false;
    let depth = 0;
    for (let distance = 1; distance <= CLOSER_SEARCH_LIMIT; distance++) {
      const token = this.LA(distance);
      if (token.tokenType === EOF || !this.onSameLine(first, token)) return false;
      if (
        tokenMatcher(token, T.LCurly) ||
        tokenMatcher(token, T.LBracket) ||
        tokenMatcher(token, T.LParen)
      )
        depth++;
      else if (tokenMatcher(token, T.RBracket) || tokenMatcher(token, T.RParen)) depth--;
      else if (tokenMatcher(token, T.RCurly) && depth-- === 0) return true;
      if (depth < 0) return false;
    }
    return false;
  }

  /**
   * Whether the first `}` that would close the map being read (opened on
   * line `opening`) starts a line less indented than that: it is the
   * block's, and the map's was forgotten (`env: { CI: 1,` above the step's
   * next property). A map written flat, its `}` as indented as its
   * property, goes on.
   */
  private blockCloserAhead(opening: number): boolean {
    let depth = 0;
    for (let distance = 1; distance <= CLOSER_SEARCH_LIMIT; distance++) {
      const token = this.LA(distance);
      const type = token.tokenType;
      if (type === EOF) return false;
      if (type === T.LParen || type === T.LBracket || type === T.LCurly) depth++;
      else if (type === T.RParen || type === T.RBracket || type === T.RCurly) {
        if (depth > 0) {
          depth--;
          continue;
        }
        if (type !== T.RCurly || this.onSameLine(this.LA(distance - 1), token)) return false;
        return this.startOf(token).character < this.lines.indentation(opening);
      }
    }
    return false;
  }

  /** Whether `closer` closes the bracket being read, before any other closer does. */
  private closesAhead(closer: TokenType): boolean {
    let depth = 0;
    for (let distance = 1; distance <= CLOSER_SEARCH_LIMIT; distance++) {
      const type = this.LA(distance).tokenType;
      if (type === EOF) return false;
      if (type === T.LParen || type === T.LBracket || type === T.LCurly) depth++;
      else if (type === T.RParen || type === T.RBracket || type === T.RCurly) {
        if (depth === 0) return type === closer;
        depth--;
      }
    }
    return false;
  }

  /**
   * Reports a value missing at `at` (the next token by default), unless a
   * malformed number was read since `malformedBefore` (the count before the
   * value): that value is there, and its problem reported by the lexer.
   */
  private reportMissingValue(message: string, malformedBefore: number, at?: IToken): void {
    if (this.reportedValues !== malformedBefore) return;
    if (at === undefined) this.reportNext(message);
    else this.report(message, at);
  }

  /**
   * Reports at `at` (a token or a range); at the end of the input, on the
   * last token (or on `fallback`, a token just read).
   */
  /** Reports at `token`, with what to write over it instead (the editor's quick fix). */
  private reportReplaceable(message: string, token: IToken, replacement: string): void {
    const range = this.rangeOf(token);
    this.problems.push({ message, range, offset: token.startOffset, replacement });
  }

  private report(message: string, at: IToken | Range, fallback?: IToken): void {
    if ("start" in at) {
      this.problems.push({ message, range: at, offset: this.lines.offsetAt(at.start) });
      return;
    }
    if (at.tokenType !== EOF && !Number.isNaN(at.startOffset)) {
      this.problems.push({ message, range: this.rangeOf(at), offset: at.startOffset });
      return;
    }
    const last = fallback ?? this.lastToken;
    const range =
      last === undefined ? emptyRange(this.lines.positionAt(this.textLength)) : this.rangeOf(last);
    this.problems.push({ message, range, offset: this.textLength, atEnd: true });
  }
}
