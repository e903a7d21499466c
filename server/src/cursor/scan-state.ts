/**
 * What the completion scanner keeps while it reads the text before the
 * cursor. The nesting: one frame per open block, parameter list, list, map or
 * call, each with the state of the member (or item, entry, argument) being
 * written in it, and what a frame answers (which bracket closes it, what
 * value is being written in it). And one value being read (a property's
 * value, an argument, a default, an `expect` operand): which operand comes
 * next, the reference being written, and what the value is for. Values are
 * read token by token, so each step says whether the token continued the
 * value or belongs to what comes after it.
 */
import { type IToken, tokenMatcher } from "chevrotain";
import { type ExpectSubject, type PropertyBlock, tokens as T } from "@momoflow/language";

// -------------------------------------------------------------------- frames

/** The file level: `import`, `workflow`, `command`, `test`. */
export interface TopFrame {
  kind: "top";
  member:
    | { form: "start" }
    | { form: "import" }
    | {
        form: "header";
        keyword: "workflow" | "command" | "test";
        stage: "name" | "brace";
        name?: string;
        nameOffset?: number;
      };
}

/** `name: type = default` of a workflow `param` or in a command's parameter list. */
export interface ParamMember {
  form: "param";
  stage: "name" | "colon" | "type" | "typed" | "default";
  nameOffset?: number;
  type?: string;
  value?: ValueState;
}

/** One member of a block, as far as it is written. */
export type BlockMember =
  | { form: "start" }
  /** A name, before its `:`. */
  | { form: "name"; name: string }
  | { form: "property"; name: string; value: ValueState }
  | ParamMember
  | { form: "var"; stage: "name" | "equals" | "value"; nameOffset?: number; value?: ValueState }
  | { form: "step"; stage: "name" | "brace"; name?: string; nameOffset?: number }
  | {
      form: "expect";
      /** `path`, `index`: after a `.` or `[` of `expect output <id>.sites[0].mean`. */
      stage: "subject" | "target" | "path" | "index" | "operator" | "value";
      subject?: ExpectSubject;
      target?: string;
      /**
       * The steps before a `/` of the target (`release` in `expect step release/`),
       * each followed by its instance's index when one is written (`deploy`, `[0]`).
       */
      calledFrom?: string[];
      /** What follows the target, as written: an instance's index, fields and items (`[1]`, `sites`, `[0]`). */
      path?: string[];
      value?: ValueState;
    };

/** A `workflow`, `step`, `command` or `test` body. */
export interface BlockFrame {
  kind: "block";
  block: PropertyBlock;
  name: string | undefined;
  /** Document offset of the name (of the string, for a test). */
  nameOffset: number | undefined;
  /** Properties written before the cursor. */
  seen: string[];
  member: BlockMember;
}

/** A command's parameter list: `command name(a: string, b: int = 1)`. */
export interface ParamListFrame {
  kind: "params";
  member: ParamMember;
}

/** `[a, b, c]`: the item being written, with what the list is for. */
export interface ListFrame {
  kind: "list";
  owner: ValueRole;
  site: ValueSite;
  value: ValueState;
  /** Items written before the cursor that are plain names (step ids of `needs`). */
  names: string[];
}

/** `{ key: value }`. */
export interface MapFrame {
  kind: "map";
  owner: ValueRole;
  site: ValueSite;
  stage: "key" | "colon" | "value";
  keys: string[];
  value?: ValueState;
}

/** `name(arg: value, ...)`. */
export interface CallFrame {
  kind: "call";
  callee: string;
  /** `workflow name(...)`: the arguments are the called workflow's params. */
  workflow?: true;
  /** Document offset of the callee's name. */
  calleeOffset: number;
  site: ValueSite;
  stage: "start" | "name" | "value";
  /** The argument being written (after its `name:`). */
  argument?: string;
  /** Arguments named before the cursor. */
  given: string[];
  value?: ValueState;
}

/** A bracket that opens nothing the grammar knows: skipped up to its closer. */
export interface StrayFrame {
  kind: "stray";
  closer: "}" | "]" | ")";
}

export type Frame =
  TopFrame | BlockFrame | ParamListFrame | ListFrame | MapFrame | CallFrame | StrayFrame;

/** A new frame for a block of `kind`. */
export function block(
  kind: PropertyBlock,
  name: string | undefined,
  nameOffset: number | undefined,
): BlockFrame {
  return { kind: "block", block: kind, name, nameOffset, seen: [], member: { form: "start" } };
}

/** After a `,` of a parameter list: the next parameter. */
export function nextParam(member: ParamMember): void {
  member.stage = "name";
  delete member.nameOffset;
  delete member.type;
  delete member.value;
}

/** Whether `closer` closes `frame`. */
export function closes(frame: Frame, closer: "}" | "]" | ")"): boolean {
  switch (frame.kind) {
    case "block":
    case "map":
      return closer === "}";
    case "list":
      return closer === "]";
    case "call":
    case "params":
      return closer === ")";
    case "stray":
      return frame.closer === closer;
    case "top":
      return false;
  }
}

/** The value being written in `frame`, if any. */
export function currentValue(frame: Frame): ValueState | undefined {
  switch (frame.kind) {
    case "block": {
      const member = frame.member;
      return "value" in member ? member.value : undefined;
    }
    case "params":
      return frame.member.value;
    case "list":
      return frame.value;
    case "map":
    case "call":
      return frame.value;
    default:
      return undefined;
  }
}

// -------------------------------------------------------------------- values

/** Where a value is written, which decides what its references may name (language.md §2, docs/language.md). */
export type ValueSite =
  /** A workflow property: params and vars, no `run.*`, no step outputs. */
  | { kind: "workflow-property" }
  /** A workflow param's default: earlier params only. */
  | { kind: "workflow-param"; nameOffset: number }
  /** A workflow var's value: params and earlier vars, `run.*`, no step outputs. */
  | { kind: "workflow-var"; nameOffset: number }
  /** A step property: everything; settings read before the run have no `run.*` or step outputs. */
  | { kind: "step"; property: string }
  /** Inside a command: its parameters. */
  | { kind: "command" }
  /** A command parameter's default: no parameters. */
  | { kind: "command-param" }
  /** A test's values: literals and `env.NAME`. */
  | { kind: "test" };

/** What a value is for, which decides what fits as its operand. */
export type ValueRole =
  | { kind: "property"; block: PropertyBlock; property: string }
  | { kind: "default"; type: string | undefined }
  | { kind: "var" }
  /** `workflow`: the callee is a workflow (`run: workflow name(…)`), its arguments its params. */
  | { kind: "argument"; callee: string; argument: string | undefined; workflow?: true }
  | { kind: "expect"; subject: ExpectSubject }
  | { kind: "map-key"; owner: ValueRole }
  | { kind: "map-value"; owner: ValueRole };

/** What the next token of a value may be. */
export type ValuePhase =
  /** An operand: at the value's start, or after `==`, `&&`, `||`, `!` or a group's `(`. */
  | "operand"
  /** After a complete operand: an operator, `.`, `(`, or the end of the value. */
  | "after"
  /** After a `.` of a reference: its next segment. */
  | "dot"
  /** After a `/` of a test's step path (`fail: release/`): a step of the called workflow. */
  | "slash"
  /** After the `[` of an index (`sites[0]`), up to its `]`. */
  | "index"
  /** Inside a list, map or call opened by the value. */
  | "nested";

/** One value being read. */
export interface ValueState {
  role: ValueRole;
  site: ValueSite;
  phase: ValuePhase;
  /** No operand read yet (right after `:`, `=` or `,`), as opposed to after an operator. */
  first: boolean;
  /** The segments of the reference just read (empty when the operand was no reference). */
  segments: string[];
  /**
   * The segments of the operand before the last comparison operator (`steps.x.status`
   * in `steps.x.status == `): what the operand at the cursor is compared with.
   */
  compared: string[];
  /** The index being written after `[` (empty before its number). */
  index?: string;
  /** `run: workflow name`: the reference read is a workflow's name, its `(` a workflow call. */
  workflowCall?: true;
  /** `for_each: item in`: the operand is the items. */
  forEachItems?: true;
  /** How many grouping `(` of a condition are open (`(a || b) && c`): their `)` belongs to the value. */
  groups?: number;
}

/** A fresh value, before its first operand. */
export function startValue(role: ValueRole, site: ValueSite): ValueState {
  return { role, site, phase: "operand", first: true, segments: [], compared: [] };
}

/** What a token did to a value. */
export type ValueStep =
  /** The token belongs to the value. */
  | { kind: "consumed" }
  /** The token opens a list, map or call inside the value. */
  | { kind: "open"; bracket: "list" | "map" | "call"; callee?: string; workflow?: true }
  /** The value ended before this token, which belongs to what follows. */
  | { kind: "ended" };

const CONSUMED: ValueStep = { kind: "consumed" };
const ENDED: ValueStep = { kind: "ended" };

/** A literal operand: a string, a number, a duration, a size or a bool. */
function isLiteral(token: IToken): boolean {
  const type = token.tokenType;
  return (
    tokenMatcher(token, T.StringToken) ||
    tokenMatcher(token, T.BoolToken) ||
    type === T.NumberLiteral ||
    type === T.DurationLiteral ||
    type === T.SizeLiteral ||
    type === T.MalformedNumber
  );
}

/**
 * A comparison: `==`, `!=`, `<`, `<=`, `contains`, and the `>` and `>=` that
 * only conditions have (no `expect` takes them, so they are no
 * `ComparisonOperator`), after which an operand is due as after the others.
 */
function isOperator(token: IToken): boolean {
  return (
    tokenMatcher(token, T.ComparisonOperator) ||
    token.tokenType === T.Greater ||
    token.tokenType === T.GreaterEqual
  );
}

/** Feeds one token to `value`, updating it in place. */
export function feedValue(value: ValueState, token: IToken): ValueStep {
  switch (value.phase) {
    case "operand":
      if (isLiteral(token)) return operandRead(value, []);
      if (tokenMatcher(token, T.Name)) return operandRead(value, [token.image]);
      // `contains(list, item)` in a condition: its `(` opens a call.
      if (token.tokenType === T.Contains) return operandRead(value, [token.image]);
      // `!a`, `(a || b)`: a condition's operand is still to come.
      if (token.tokenType === T.Bang || token.tokenType === T.LParen) {
        if (token.tokenType === T.LParen) value.groups = (value.groups ?? 0) + 1;
        value.first = false;
        return CONSUMED;
      }
      if (token.tokenType === T.LBracket) return opened(value, "list");
      if (token.tokenType === T.LCurly) return opened(value, "map");
      return ENDED;
    case "after":
      // `release/bump` in a test's `fail:`.
      if (token.tokenType === T.Slash && value.segments.length > 0 && namesTestSteps(value.role)) {
        value.phase = "slash";
        return CONSUMED;
      }
      // `sites[0]`, `convert[1]`: an index, whose `]` the scanner gives back here.
      if (token.tokenType === T.LBracket && value.segments.length > 0) {
        value.phase = "index";
        value.index = "";
        return CONSUMED;
      }
      // `run: workflow release(`: the callee's name after the keyword.
      if (
        value.first &&
        !value.workflowCall &&
        value.segments.length === 1 &&
        value.segments[0] === "workflow" &&
        tokenMatcher(token, T.Name) &&
        isStepProperty(value.role, "run")
      ) {
        value.segments = [token.image];
        value.workflowCall = true;
        return CONSUMED;
      }
      // `for_each: file in <items>`: what follows `in` is the items.
      if (
        value.first &&
        !value.forEachItems &&
        value.segments.length === 1 &&
        token.image === "in" &&
        isStepProperty(value.role, "for_each")
      ) {
        value.phase = "operand";
        value.segments = [];
        value.forEachItems = true;
        return CONSUMED;
      }
      if (token.tokenType === T.Dot && value.segments.length > 0) {
        value.phase = "dot";
        return CONSUMED;
      }
      if (token.tokenType === T.LParen && value.segments.length === 1) {
        const callee = value.segments[0]!;
        value.phase = "nested";
        value.segments = [];
        return value.workflowCall
          ? { kind: "open", bracket: "call", callee, workflow: true }
          : { kind: "open", bracket: "call", callee };
      }
      if (isOperator(token)) {
        value.phase = "operand";
        value.first = false;
        value.compared = value.segments;
        value.segments = [];
        return CONSUMED;
      }
      // `a && b`, `a || b`: a new operand, compared with nothing yet.
      if (token.tokenType === T.AndAnd || token.tokenType === T.OrOr) {
        value.phase = "operand";
        value.first = false;
        value.compared = [];
        value.segments = [];
        return CONSUMED;
      }
      // The `)` of a group: the group is a complete operand.
      if (token.tokenType === T.RParen && (value.groups ?? 0) > 0) {
        value.groups = value.groups! - 1;
        value.segments = [];
        return CONSUMED;
      }
      return ENDED;
    case "slash":
    case "dot":
      if (tokenMatcher(token, T.Name)) {
        value.segments.push(token.image);
        value.phase = "after";
        return CONSUMED;
      }
      return ENDED;
    case "index":
      if (token.tokenType === T.NumberLiteral && value.index === "") {
        value.index = token.image;
        return CONSUMED;
      }
      if (token.tokenType === T.RBracket && value.index !== "") {
        value.segments.push(`[${value.index}]`);
        value.phase = "after";
        return CONSUMED;
      }
      return ENDED;
    case "nested":
      // The scanner routes tokens to the nested frame; nothing reaches here.
      return ENDED;
  }
}

/** Whether `role` is the value of a step's `property`. */
function isStepProperty(role: ValueRole, property: string): boolean {
  return role.kind === "property" && role.block === "step" && role.property === property;
}

/** A test's `fail:` names steps, maybe of called workflows (`release/bump`). */
function namesTestSteps(role: ValueRole): boolean {
  return role.kind === "property" && role.block === "test" && role.property === "fail";
}

/** A list, map or call opened by the value was closed: it was a complete operand. */
export function closeNested(value: ValueState): void {
  value.phase = "after";
  value.first = false;
  value.segments = [];
}

function operandRead(value: ValueState, segments: string[]): ValueStep {
  value.phase = "after";
  value.segments = segments;
  return CONSUMED;
}

function opened(value: ValueState, bracket: "list" | "map"): ValueStep {
  value.phase = "nested";
  value.segments = [];
  return { kind: "open", bracket };
}
