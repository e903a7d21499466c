import type { CallExpression, Expression, ParamDeclaration } from "../ast";
import type { DeclaredCommandSymbol } from "../scope";
import { CompileError } from "./compile-error";
import { evaluate } from "./evaluate";
import { CommandScope, type ValueScope, type WorkflowIdentity } from "./value-scope";
import { readValuePath } from "./value-path";
import { durationText } from "../../units/quantity-text";

/**
 * A declared command's own `timeout` or `rollback_timeout` for the step whose
 * `run` calls it, known before the run starts. The command's body reads its
 * own params (`timeout: limit`), so the value is computed with the call's
 * arguments (or the params' defaults) bound — only those the setting reads,
 * as another argument may be a step output, only known during the run. Zero
 * is refused here, naming the step: `timeout: 0ms` written in the command is
 * MF007, but `slow(limit: t)` with `--param t=0s` only shows now.
 *
 * @throws CompileError at the call when the deadline is not more than zero.
 */
export function commandDeadline(
  name: "timeout" | "rollback_timeout",
  symbol: DeclaredCommandSymbol,
  call: CallExpression,
  caller: ValueScope,
  workflow: WorkflowIdentity,
  stepId: string,
): number | undefined {
  const expr = symbol.decl.properties.find((p) => p.name.text === name)?.value;
  if (!expr) return undefined;
  const value = evaluate(expr, new CallArgumentsScope(symbol, call, caller, workflow));
  if (typeof value !== "number" || value > 0) return value as number;
  throw new CompileError(
    `${name} of step \`${stepId}\` (command \`${symbol.name}\`'s) must be positive, not ${durationText(value)}`,
    caller.path,
    call.callee.range,
  );
}

/** A command body's scope whose params are computed from the call when read, each alone. */
class CallArgumentsScope implements ValueScope {
  readonly path: string;
  private readonly body: CommandScope;

  constructor(
    private readonly symbol: DeclaredCommandSymbol,
    private readonly call: CallExpression,
    private readonly caller: ValueScope,
    workflow: WorkflowIdentity,
  ) {
    this.path = symbol.path;
    this.body = new CommandScope(symbol.decl, new Map(), symbol.path, undefined, workflow);
  }

  lookup(ref: Parameters<ValueScope["lookup"]>[0]): unknown {
    const name = ref.segments[0]?.text;
    const param = this.symbol.decl.params.find((p) => p.name.text === name);
    if (!param) return this.body.lookup(ref);
    // `timeout: opts.limit`: the item or field of the value, read as the body reads it.
    return readValuePath(this.value(param), ref, this.path);
  }

  /** A parameter's value: the call's argument, else its default. */
  private value(param: ParamDeclaration): unknown {
    const given: Expression | undefined = this.call.args.find(
      (a) => a.name?.text === param.name.text,
    )?.value;
    if (given) return evaluate(given, this.caller);
    // A default reads no other param (MF008): the body's scope without arguments computes it.
    return param.default ? evaluate(param.default, this.body) : undefined;
  }
}
