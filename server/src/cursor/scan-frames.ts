/**
 * The nesting the completion scanner keeps while it reads the text before the
 * cursor: one frame per open block, parameter list, list, map or call, each
 * with the state of the member (or item, entry, argument) being written in it;
 * and what a frame answers: which bracket closes it, what value is being
 * written in it.
 */
import type { ExpectSubject, PropertyBlock } from "@momoflow/language";
import type { ValueRole, ValueSite, ValueState } from "./value-state";

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
      stage: "subject" | "target" | "operator" | "value";
      subject?: ExpectSubject;
      target?: string;
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
