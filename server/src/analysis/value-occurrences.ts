/**
 * The occurrences in a value: references (params, vars, command parameters,
 * `steps.<id>`, `env.NAME`), in code and in `${...}`, and the callee and
 * argument names of calls. What a bare name means depends on where the value
 * is written, which its {@link ValueContext} says.
 */
import {
  type CallExpression,
  type Expression,
  type FileScope,
  type Range,
  type Reference,
  type UnfinishedReferences,
  JS_ACTION,
  withoutParamsRoot,
} from "@momoflow/language";
import {
  type StepSymbolRef,
  type SymbolRef,
  commandParamNames,
  commandPath,
  valueSymbols,
} from "./symbol-ref";

/** What a bare name means where a reference is written. */
export interface ValueContext {
  /** Resolves the first segment of a reference that is not a built-in root. */
  lookup(name: string): SymbolRef | undefined;
  /** The steps whose `steps.<id>.output` can be read here. */
  steps: ((id: string) => StepSymbolRef | undefined) | undefined;
}

export const NO_VALUES: ValueContext = { lookup: () => undefined, steps: undefined };

/** Reads values and hands each occurrence (never a declaration) to `add`. */
export class ValueOccurrences {
  constructor(
    private readonly scope: FileScope,
    private readonly add: (symbol: SymbolRef, range: Range) => void,
  ) {}

  /** Records the occurrences in `expr`, written where `context` applies. */
  read(expr: Expression | undefined, context: ValueContext): void {
    if (!expr) return;
    switch (expr.kind) {
      case "ref":
        this.reference(expr, context);
        return;
      case "string":
        for (const part of expr.parts ?? []) {
          // `${steps.build.}` being typed: what is written, as in a complete reference.
          if (part?.kind === "interpolation")
            this.reference(
              part.ref ?? (part.unfinished && withoutParamsRoot(part.unfinished)),
              context,
            );
        }
        return;
      case "list":
        for (const item of expr.items ?? []) this.read(item, context);
        return;
      case "map":
        for (const entry of expr.entries ?? []) this.read(entry?.value, context);
        return;
      case "binary":
        this.read(expr.left, context);
        this.read(expr.right, context);
        return;
      case "not":
        this.read(expr.operand, context);
        return;
      case "call":
        this.call(expr, context);
        return;
      default:
        return;
    }
  }

  /**
   * Records the occurrences in the references `member` leaves unfinished
   * (`when: steps.build.`, as typed): what is written of each, as in a
   * complete reference.
   */
  readUnfinished(member: UnfinishedReferences | undefined, context: ValueContext): void {
    for (const ref of member?.unfinished ?? []) this.reference(withoutParamsRoot(ref), context);
  }

  private call(call: CallExpression, context: ValueContext): void {
    if (call.workflow) {
      this.workflowCall(call, context);
      return;
    }
    const calleeName = call.callee?.text;
    const command =
      calleeName && calleeName !== JS_ACTION ? this.scope.commands.get(calleeName) : undefined;
    if (command) {
      this.add(
        { kind: "command", name: command.name, path: commandPath(command) },
        call.callee.range,
      );
    }
    const params = command && commandParamNames(command);
    for (const arg of call.args ?? []) {
      if (!arg) continue;
      if (command && arg.name?.text && params?.has(arg.name.text)) {
        this.add(
          {
            kind: "command-param",
            name: arg.name.text,
            command: command.name,
            path: commandPath(command),
          },
          arg.name.range,
        );
      }
      this.read(arg.value, context);
    }
  }

  /**
   * `workflow release(part: "patch")`: the callee is the workflow (the file's
   * or an imported one), each argument name one of its params.
   */
  private workflowCall(call: CallExpression, context: ValueContext): void {
    const name = call.callee?.text;
    const callee = name ? this.scope.workflows.get(name) : undefined;
    if (callee) {
      this.add({ kind: "workflow", name: callee.name, path: callee.path }, call.callee.range);
    }
    const params = callee && valueSymbols(callee.decl, callee.path);
    for (const arg of call.args ?? []) {
      if (!arg) continue;
      const param = arg.name?.text ? params?.get(arg.name.text) : undefined;
      if (param?.kind === "param") this.add(param, arg.name!.range);
      this.read(arg.value, context);
    }
  }

  /** `name`, `steps.<id>.output`, `env.NAME`; `run.*` and `workflow.*` are built-in values. */
  private reference(ref: Reference | undefined, context: ValueContext): void {
    const segments = ref?.segments ?? [];
    const first = segments[0];
    if (!first?.text) return;
    const second = segments[1];
    if (second) {
      switch (first.text) {
        case "env":
          if (second.text) this.add({ kind: "env", name: second.text }, second.range);
          return;
        case "steps": {
          const symbol = second.text ? context.steps?.(second.text) : undefined;
          if (symbol) this.add(symbol, second.range);
          return;
        }
        case "run":
        case "workflow":
          return;
      }
    }
    const symbol = context.lookup(first.text);
    if (symbol) this.add(symbol, first.range);
  }
}
