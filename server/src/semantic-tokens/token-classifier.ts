/**
 * What each name of a checked document is, the semantic half of semantic
 * highlighting, from what the syntax tree and the scope say: a step id is a
 * `method` wherever it is written (its declaration, `needs`, `fail`,
 * `steps.<id>.output`), a call of a built-in command a `function` with
 * `defaultLibrary`, and so on; the references inside a string's `${...}`
 * interpolations are classified too.
 */
import {
  type CommandDeclaration,
  type Expression,
  type Name,
  type Property,
  type Range,
  type Reference,
  type Segment,
  type SourceFile,
  type TestDeclaration,
  type UnfinishedReferences,
  type WorkflowDeclaration,
  ROLLBACK_NONE,
  type FileScope,
  CONTAINS,
  outputFormatOf,
  withoutParamsRoot,
} from "@momoflow/language";
import type { TokenModifier, TokenType } from "./semantic-tokens";

/** A name (or part of a reference) and what it is. */
export interface NamePiece {
  range: Range;
  type: TokenType;
  modifiers: TokenModifier[];
}

/** A `${...}` inside a string, with the classified segments of its reference. */
export interface InterpolationSpan {
  range: Range;
  pieces: NamePiece[];
}

/** Every classified name of a document. */
export interface Classification {
  /** Names outside strings, in no particular order. */
  names: NamePiece[];
  /** Interpolations, in no particular order. */
  interpolations: InterpolationSpan[];
  /** Names that refer to nothing known (a mistake, reported elsewhere): not keywords either. */
  unresolved: Range[];
}

/** The built-in roots of a dotted reference (language.md §2). */
const BUILTIN_ROOTS = new Set(["steps", "env", "run", "workflow"]);

/** `js(...)` calls a JavaScript module: built in, not a command of the scope. */
const JS_ACTION = "js";

/** Step properties whose value names steps. */
const STEP_ID_PROPERTIES = new Set(["needs", "fail"]);

/** What a one-segment reference may name where it is written. */
type LocalNames = ReadonlyMap<string, Pick<NamePiece, "type" | "modifiers">>;

/** Classifies the names of `file`; `scope` tells built-in commands from declared ones. */
export function classifyDocument(file: SourceFile, scope: FileScope): Classification {
  const walker = new Walker(scope);
  for (const decl of file.declarations ?? []) {
    if (!decl) continue;
    if (decl.kind === "command") walker.command(decl);
    else if (decl.kind === "workflow") walker.workflow(decl);
    else if (decl.kind === "test") walker.test(decl);
  }
  return {
    names: walker.names,
    interpolations: walker.interpolations,
    unresolved: walker.unresolved,
  };
}

const PARAMETER: Pick<NamePiece, "type" | "modifiers"> = { type: "parameter", modifiers: [] };
/** A fan-out item, where it is read. */
const ITEM: Pick<NamePiece, "type" | "modifiers"> = { type: "variable", modifiers: [] };
const VARIABLE: Pick<NamePiece, "type" | "modifiers"> = {
  type: "variable",
  modifiers: ["readonly"],
};
const NO_NAMES: LocalNames = new Map();

class Walker {
  readonly names: NamePiece[] = [];
  readonly interpolations: InterpolationSpan[] = [];
  readonly unresolved: Range[] = [];
  /** Where pieces go: `names`, or the pieces of the interpolation being read. */
  private target: NamePiece[] = this.names;

  constructor(private readonly scope: FileScope) {}

  command(decl: CommandDeclaration): void {
    this.add(decl.name, "function", ["declaration"]);
    const locals = new Map<string, Pick<NamePiece, "type" | "modifiers">>();
    for (const param of decl.params ?? []) {
      if (!param) continue;
      this.add(param.name, "parameter", ["declaration"]);
      this.add(param.type?.name, "type", ["defaultLibrary"]);
      if (param.name?.text) locals.set(param.name.text, PARAMETER);
    }
    for (const param of decl.params ?? []) this.valueOf(param, param?.default, locals);
    for (const property of decl.properties ?? []) this.property(property, locals);
  }

  workflow(decl: WorkflowDeclaration): void {
    this.add(decl.name, "class", ["declaration"]);
    const locals = new Map<string, Pick<NamePiece, "type" | "modifiers">>();
    for (const member of decl.members ?? []) {
      if (member?.kind === "param" && member.name?.text) locals.set(member.name.text, PARAMETER);
      if (member?.kind === "var" && member.name?.text) locals.set(member.name.text, VARIABLE);
    }
    for (const member of decl.members ?? []) {
      if (!member) continue;
      switch (member.kind) {
        case "property":
          this.property(member, locals);
          break;
        case "param":
          this.add(member.name, "parameter", ["declaration"]);
          this.add(member.type?.name, "type", ["defaultLibrary"]);
          this.valueOf(member, member.default, locals);
          break;
        case "var":
          this.add(member.name, "variable", ["declaration", "readonly"]);
          this.valueOf(member, member.value, locals);
          break;
        case "step": {
          this.add(member.name, "method", ["declaration"]);
          const inStep = this.fanOutItem(member.properties, locals);
          for (const property of member.properties ?? [])
            this.property(property, property?.item ? locals : inStep, true);
          break;
        }
      }
    }
  }

  /**
   * The item of `for_each: file in <items>`: a variable declared there (not
   * readonly, which tells it from a `var` for the `in` after it), read in the
   * step's other properties.
   */
  private fanOutItem(properties: Property[] | undefined, locals: LocalNames): LocalNames {
    const item = properties?.find((p) => p?.name?.text === "for_each")?.item;
    if (!item?.text) return locals;
    this.add(item, "variable", ["declaration"]);
    return new Map([...locals, [item.text, ITEM]]);
  }

  test(decl: TestDeclaration): void {
    // The test's name is a string: the lexer colours it.
    for (const member of decl.members ?? []) {
      if (!member) continue;
      if (member.kind === "property") {
        this.add(member.name, "property", []);
        const name = member.name?.text;
        if (name === "workflow") this.workflowName(member.value);
        else if (name === "params") this.paramsMap(member.value);
        else if (name === "fail") this.stepIds(member.value);
        else this.value(member.value, NO_NAMES);
        // `fail: release/`, as typed: the steps written so far.
        for (const ref of member.unfinished ?? [])
          if (name === "fail") this.add(ref.segments[0], "method", []);
          else this.unfinished(ref, NO_NAMES);
        continue;
      }
      this.add(member.target, "method", []);
      // `expect output stats.sites[0].mean`: the fields of the JSON output;
      // `expect step release/bump`: a called step.
      for (const segment of member.path ?? [])
        if (segment.index === undefined)
          this.add(
            segment,
            segment.called ? "method" : "property",
            segment.called ? [] : ["readonly"],
          );
      const value = member.value;
      if ((member.subject === "status" || member.subject === "step") && value?.kind === "ref") {
        for (const segment of value.segments ?? []) this.add(segment, "enumMember", []);
      } else {
        this.value(value, NO_NAMES);
      }
    }
  }

  private property(property: Property | undefined, locals: LocalNames, inStep = false): void {
    if (!property) return;
    this.add(property.name, "property", []);
    const name = property.name?.text;
    const value = property.value;
    if (inStep && name !== undefined && STEP_ID_PROPERTIES.has(name)) this.stepIds(value);
    // `output: json`: a word of the language, like a status.
    else if (inStep && name === "output" && value?.kind === "ref" && outputFormatOf(value))
      this.add(value.segments[0], "enumMember", []);
    else this.valueOf(property, value, locals);
  }

  /**
   * A member's `value` and what it leaves unfinished (`when: steps.build.`,
   * as typed): what is written of each is what it is in a complete reference.
   */
  private valueOf(
    member: UnfinishedReferences | undefined,
    value: Expression | undefined,
    locals: LocalNames,
  ): void {
    this.value(value, locals);
    for (const ref of member?.unfinished ?? []) this.unfinished(ref, locals);
  }

  /** `needs: build`, `needs: [a, b]`, `fail: publish`. */
  private stepIds(value: Expression | undefined): void {
    if (!value) return;
    if (value.kind === "list") {
      for (const item of value.items ?? []) this.stepIds(item);
    } else if (value.kind === "ref" && isStepPath(value)) {
      // `fail: release/bump`, `fail: convert[1]`: steps, called steps and an instance's index.
      for (const segment of value.segments)
        if (segment.index === undefined) this.add(segment, "method", []);
    } else {
      this.value(value, NO_NAMES);
    }
  }

  /** A test's `workflow: publish_site`. */
  private workflowName(value: Expression | undefined): void {
    if (value?.kind === "ref" && value.segments?.length === 1) {
      this.add(value.segments[0], "class", []);
    } else {
      this.value(value, NO_NAMES);
    }
  }

  /** A test's `params: { target: "test" }`: the keys are the workflow's params. */
  private paramsMap(value: Expression | undefined): void {
    if (value?.kind !== "map") {
      this.value(value, NO_NAMES);
      return;
    }
    for (const entry of value.entries ?? []) {
      if (!entry) continue;
      this.add(entry.key, "parameter", []);
      this.value(entry.value, NO_NAMES);
    }
  }

  private value(expr: Expression | undefined, locals: LocalNames): void {
    if (!expr) return;
    switch (expr.kind) {
      case "string":
        for (const part of expr.parts ?? []) {
          if (part?.kind !== "interpolation") continue;
          const span: InterpolationSpan = { range: part.range, pieces: [] };
          this.interpolations.push(span);
          const outer = this.target;
          this.target = span.pieces;
          // `${basename(file)}`: a path function of the language.
          this.add(part.function, "function", ["defaultLibrary"]);
          // `${steps.build.}` being typed: what is written, as in a complete reference.
          if (part.ref) this.reference(part.ref, locals);
          else if (part.unfinished) this.unfinished(part.unfinished, locals);
          this.target = outer;
        }
        return;
      case "list":
        for (const item of expr.items ?? []) this.value(item, locals);
        return;
      case "map":
        for (const entry of expr.entries ?? []) {
          if (!entry) continue;
          this.add(entry.key, "property", []);
          this.value(entry.value, locals);
        }
        return;
      case "ref":
        this.reference(expr, locals);
        return;
      case "call": {
        if (expr.workflow) {
          // `workflow release(part: "patch")`: a workflow, as its declaration's name is.
          this.add(expr.callee, "class", []);
          for (const arg of expr.args ?? []) {
            if (!arg) continue;
            this.add(arg.name, "parameter", []);
            this.value(arg.value, locals);
          }
          return;
        }
        const callee = expr.callee?.text;
        const builtin =
          callee === JS_ACTION ||
          callee === CONTAINS ||
          (callee !== undefined && this.scope.commands.get(callee)?.kind === "builtin");
        this.add(expr.callee, "function", builtin ? ["defaultLibrary"] : []);
        for (const arg of expr.args ?? []) {
          if (!arg) continue;
          this.add(arg.name, "parameter", []);
          this.value(arg.value, locals);
        }
        return;
      }
      case "binary":
        // `steps.x.status == failed`: the status is a word of the language.
        if (isStatusRead(expr.left) && isWord(expr.right)) {
          this.value(expr.left, locals);
          this.add(expr.right.segments[0], "enumMember", []);
        } else if (isStatusRead(expr.right) && isWord(expr.left)) {
          this.add(expr.left.segments[0], "enumMember", []);
          this.value(expr.right, locals);
        } else {
          this.value(expr.left, locals);
          this.value(expr.right, locals);
        }
        return;
      case "not":
        this.value(expr.operand, locals);
        return;
      case "none":
        // `rollback: none` is a word of the language there, like `true`.
        this.add({ text: ROLLBACK_NONE, range: expr.range }, "keyword", []);
        return;
      default:
        return;
    }
  }

  /**
   * What is written of a reference ending with its dot (`steps.build.`,
   * `params.p.`, whose `params` is no root: `p` is the param).
   */
  private unfinished(ref: Reference, locals: LocalNames): void {
    const read = withoutParamsRoot(ref);
    if (read !== ref) this.unresolve(ref.segments[0]);
    this.reference(read, locals, true);
  }

  /**
   * `name`, `steps.build.output`, `env.HOME`, `run.id`, `workflow.name`;
   * `unfinished`: what is written of one ending with its dot (`steps.`,
   * whose one segment is the root, not a name of its own).
   */
  private reference(ref: Reference | undefined, locals: LocalNames, unfinished = false): void {
    const segments = ref?.segments ?? [];
    const root = segments[0];
    if (!root?.text) return;
    const alone = segments.length === 1 && !unfinished;
    if (alone || !BUILTIN_ROOTS.has(root.text)) {
      const local = locals.get(root.text);
      if (!local) {
        for (const segment of segments) this.unresolve(segment);
        return;
      }
      this.add(root, local.type, local.modifiers);
      // `samples[0]`, `config.sites[1].name`: the items and fields of its value.
      this.path(segments.slice(1));
      return;
    }
    this.add(root, "variable", ["readonly", "defaultLibrary"]);
    const second = segments[1];
    if (root.text === "steps") {
      this.add(second, "method", []);
      this.add(segments[2], "property", ["readonly", "defaultLibrary"]);
    } else if (root.text === "env") {
      this.add(second, "variable", ["readonly"]);
    } else {
      this.add(second, "property", ["readonly", "defaultLibrary"]);
    }
    const known = root.text === "steps" ? 3 : 2;
    const field = segments[2]?.text;
    if (root.text === "steps" && (field === "output" || field === "outputs")) {
      // The fields of a JSON output (`.sites[0].mean`), of an instance's (`outputs[1].name`).
      this.path(segments.slice(known));
      return;
    }
    for (const segment of segments.slice(known)) this.unresolve(segment);
  }

  /**
   * The items and fields read after a value: a field is a property, an
   * index a number — which the lexer finds in code, but not in a `${...}`,
   * whose string it reads as one token.
   */
  private path(segments: readonly Segment[]): void {
    const inString = this.target !== this.names;
    for (const segment of segments) {
      if (segment.index === undefined) this.add(segment, "property", ["readonly"]);
      else if (inString) this.add(indexDigits(segment), "number", []);
    }
  }

  private unresolve(name: Name | undefined): void {
    if (name?.range) this.unresolved.push(name.range);
  }

  private add(name: Name | undefined, type: TokenType, modifiers: TokenModifier[]): void {
    if (!name?.text || !name.range) return;
    this.target.push({ range: name.range, type, modifiers });
  }
}

/** `steps.<id>.status`. */
function isStatusRead(expr: Expression | undefined): boolean {
  const segments = expr?.kind === "ref" ? expr.segments : undefined;
  return segments?.length === 3 && segments[0]?.text === "steps" && segments[2]?.text === "status";
}

/** A step as a test names it: `build`, `release/bump`, `convert[1]`, `convert[1]/bump`. */
function isStepPath(ref: Reference): boolean {
  return (ref.segments ?? []).every(
    (s, i) => i === 0 || s?.called === true || s?.index !== undefined,
  );
}

/** The digits of an index segment (`0` of `[0]`), where a number's token goes. */
function indexDigits(segment: Segment): Name | undefined {
  const { start, end } = segment.range;
  if (!/^\[\d+\]$/.test(segment.text) || start.line !== end.line) return undefined;
  const digits = segment.text.slice(1, -1);
  return {
    text: digits,
    range: {
      start: { ...start, character: start.character + 1 },
      end: { ...end, character: end.character - 1 },
    },
  };
}

/** A bare word: a one-segment reference (`failed`). */
function isWord(expr: Expression | undefined): expr is Reference {
  return expr?.kind === "ref" && expr.segments?.length === 1;
}
