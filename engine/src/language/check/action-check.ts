import { type ActionEffect, commandEffect, JS_ACTION } from "../action-effect";
import {
  type Argument,
  type CallExpression,
  type Expression,
  type Range,
  ROLLBACK_NONE,
} from "../ast";
import type { CommandSymbol, WorkflowSymbol } from "../scope";
import { commandParameters, type ParameterInfo } from "./command-parameters";
import type { DiagnosticSink } from "./diagnostic-sink";
import { notWritten, suggestName } from "./did-you-mean";
import { wordBeingTyped } from "../edit-distance";
import { BUILTIN_ROOTS } from "./root-names";
import { reportDuplicate } from "./duplicate-names";
import { checkValue } from "./expression-check";
import { isNameInScope, type ReferenceScope } from "./reference-scope";
import { expressionText } from "../expression-text";
import { SHELL_CALL_WORDS, shellActionAdvice } from "../shell-call-words";
import { reportNothingToUndo } from "./rollback-nothing";
import { checkShellString } from "./shell-interpolation";

export { type ActionEffect, JS_ACTION } from "../action-effect";

/** Where an action is checked. */
export interface ActionContext {
  /** The commands in scope, by name. */
  commands: ReadonlyMap<string, CommandSymbol>;
  scope: ReferenceScope;
  sink: DiagnosticSink;
  /** `"run"` or `"rollback"`, for messages. */
  property: string;
  /**
   * The workflows in scope, where a step's action is checked: a call of
   * one written as a command's (`run: release(...)`) is told how a step
   * calls a workflow.
   */
  workflows?: ReadonlyMap<string, WorkflowSymbol>;
}

/**
 * Checks the value of `run` or `rollback` (language.md §5): a shell string,
 * a call of a known command with its named arguments (MF005, MF006, MF007),
 * or `js("./module.mjs", "export")`; a `rollback` may also be `none`.
 * Returns what the action leaves behind (`none`: effect-free).
 */
export function checkAction(expr: Expression | undefined, context: ActionContext): ActionEffect {
  if (!expr) return "unknown";
  if (expr.kind === "none") return "effect-free";
  // `rollback: null`, `false`, `""`: "nothing to undo" as other languages write it.
  if (context.property === "rollback" && reportNothingToUndo(expr, context.scope, context.sink))
    return "effect-free";
  if (expr.kind === "string") {
    checkShellString(expr, context.scope, context.sink);
    return "irreversible";
  }
  if (expr.kind !== "call") {
    reportNotAnAction(expr, context);
    return "unknown";
  }
  if (!expr.callee?.text) return "unknown";
  if (expr.workflow) {
    reportMisplacedWorkflowCall(expr, context);
    return "unknown";
  }
  if (expr.callee.text === JS_ACTION) {
    checkJsCall(expr, context);
    return "irreversible";
  }
  const command = context.commands.get(expr.callee.text);
  if (!command) {
    reportUnknownCommand(expr, context);
    return "unknown";
  }
  checkArguments(expr, command, context);
  return commandEffect(command, context.commands);
}

/**
 * MF007 for a value that is no action; a command's bare name (`run: log`) is
 * MF007 saying to call it. An undefined bare name in `rollback`
 * that is near `none` (`nonee`) is MF008 with that suggestion instead; `none`
 * in `run` gets a message of its own: a step always does something.
 */
function reportNotAnAction(expr: Expression, context: ActionContext): void {
  const { scope, sink, property } = context;
  const bare = expr.kind === "ref" && expr.segments?.length === 1 ? expr.segments[0] : undefined;
  const defined = bare?.text !== undefined && isNameInScope(context.scope, bare.text);
  if (bare?.text && !defined && (context.commands.has(bare.text) || bare.text === JS_ACTION)) {
    // `run: log`, its `(` not typed yet: a command named, not called.
    sink.report(
      "MF007",
      expr.range,
      `"${bare.text}" is a command: call it with its arguments, ${bare.text}(...)`,
    );
    return;
  }
  if (bare?.text && !defined) {
    if (property === "rollback") {
      const suggestion = suggestName(bare.text, bare.range, [ROLLBACK_NONE]);
      if (suggestion.hint) {
        sink.report("MF008", bare.range, `"${bare.text}" is not defined here${suggestion.hint}`, {
          data: suggestion.data,
        });
        return;
      }
    } else if (bare.text === ROLLBACK_NONE) {
      sink.report(
        "MF007",
        expr.range,
        `"${property}" cannot be none: there must be something to run ` +
          `("rollback: none" is how a step or a command says there is nothing to undo)`,
      );
      return;
    }
  }
  // `run: workflow`, the called workflow's name not typed yet: what `workflow (x: 1)` is.
  if (bare?.text === WORKFLOW_KEYWORD && property !== "rollback")
    return reportUnnamedWorkflow(bare.range, sink);
  // An undefined bare name (`run: cr` as `create_file` is typed) is this one mistake, not also MF008.
  if (!bare?.text || defined) checkValue(expr, scope, sink);
  const forms =
    property === "rollback"
      ? 'a shell string, a command call, js("./module.mjs", "export"), or none (nothing to undo)'
      : 'a shell string, a command call, js("./module.mjs", "export"), or workflow NAME(...) (a step\'s run)';
  sink.report("MF007", expr.range, `"${property}" must be an action: ${forms}`);
}

/** The keyword of a workflow call, `workflow NAME(...)`. */
const WORKFLOW_KEYWORD = "workflow";

/**
 * `workflow (part: "x")`, no command named `workflow` declared: a workflow
 * call whose name is missing (MF040), not a command to declare.
 */
function reportUnnamedWorkflowCall(call: CallExpression, context: ActionContext): void {
  reportUnnamedWorkflow(call.callee.range, context.sink);
  for (const arg of call.args ?? []) checkValue(arg.value, context.scope, context.sink);
}

/** MF040 on the keyword `workflow` of a call that names no workflow (`run: workflow`, `workflow (x: 1)`). */
function reportUnnamedWorkflow(keyword: Range, sink: DiagnosticSink): void {
  sink.report(
    "MF040",
    keyword,
    "expected the name of the workflow to call after `workflow`: `workflow NAME(...)`",
  );
}

/**
 * The text of a positional argument that is a bare name the scope does not
 * know (`mes` of `log(mes`): an argument's name being typed; undefined for
 * any other argument.
 */
function nameBeingTyped(arg: Argument, scope: ReferenceScope): string | undefined {
  const value = arg.value;
  if (value?.kind !== "ref" || value.segments?.length !== 1) return undefined;
  const text = value.segments[0]!.text;
  if (!text || BUILTIN_ROOTS.has(text)) return undefined;
  return isNameInScope(scope, text) ? undefined : text;
}

/** MF041: only a step's `run` calls a workflow (checked by workflow-call-check). */
function reportMisplacedWorkflowCall(call: CallExpression, context: ActionContext): void {
  context.sink.report(
    "MF041",
    call.workflow ?? call.range,
    `only the "run" of a step can call a workflow` +
      (context.property === "rollback" ? ": the called steps carry their own undo" : ""),
  );
  for (const arg of call.args ?? []) checkValue(arg.value, context.scope, context.sink);
}

function reportUnknownCommand(call: CallExpression, context: ActionContext): void {
  if (context.sink.headerBrokenCommand) {
    for (const arg of call.args ?? []) checkValue(arg.value, context.scope, context.sink);
    return;
  }
  if (context.workflows?.has(call.callee.text)) return reportWorkflowAsCommand(call, context);
  if (call.callee.text === WORKFLOW_KEYWORD) return reportUnnamedWorkflowCall(call, context);
  if (SHELL_CALL_WORDS.has(call.callee.text)) return reportShellCall(call, context);
  const suggestion = suggestName(call.callee.text, call.callee.range, context.commands.keys());
  context.sink.report(
    "MF005",
    call.callee.range,
    `unknown command "${call.callee.text}"${suggestion.hint}`,
    {
      data: {
        ...suggestion.data,
        unknownDeclaration: { kind: "command", name: call.callee.text },
      },
    },
  );
  // The arguments' own references are still worth checking.
  for (const arg of call.args ?? []) checkValue(arg.value, context.scope, context.sink);
}

/**
 * MF005 for a shell action written as a call (`run: bash("make")`, as
 * other tools run one): a shell action is the string itself. With one
 * string argument, the quick fix unwraps it.
 */
function reportShellCall(call: CallExpression, context: ActionContext): void {
  const args = call.args ?? [];
  const only = args.length === 1 ? args[0]!.value : undefined;
  const string = only?.kind === "string" && !only.triple ? expressionText(only) : undefined;
  context.sink.report(
    "MF005",
    call.callee.range,
    `"${call.callee.text}" is no command: ${shellActionAdvice(context.property, string ?? '"..."')}`,
    {
      data: {
        ...(string !== undefined && { suggestions: [string], replaceRange: call.range }),
        // A file of the workspace may declare a command of that name: "Add import" still.
        unknownDeclaration: { kind: "command", name: call.callee.text },
      },
    },
  );
  for (const arg of args) checkValue(arg.value, context.scope, context.sink);
}

/**
 * MF005 for a workflow called as a command is (`run: release(part: "x")`):
 * a step's `run` calls it as `workflow release(...)` — the quick fix writes
 * that; in a `rollback`, no workflow can be called (MF041 says so there).
 */
function reportWorkflowAsCommand(call: CallExpression, context: ActionContext): void {
  const name = call.callee.text;
  const written = `workflow ${name}`;
  const inRun = context.property === "run";
  context.sink.report(
    "MF005",
    call.callee.range,
    inRun
      ? `"${name}" is a workflow, not a command: a step calls it with \`run: ${written}(...)\``
      : `"${name}" is a workflow, not a command, and only the "run" of a step can call a workflow: the called steps carry their own undo`,
    inRun ? { data: { suggestions: [written], replaceRange: call.callee.range } } : undefined,
  );
  for (const arg of call.args ?? []) checkValue(arg.value, context.scope, context.sink);
}

function checkArguments(
  call: CallExpression,
  command: CommandSymbol,
  context: ActionContext,
): void {
  // The built-in `sh`'s `script` written as a string is shell code, checked as a shell action is.
  const script = command.kind === "builtin" && command.name === "sh" ? "script" : undefined;
  checkNamedArguments(call, command.name, commandParameters(command), context, script);
}

/** Each parameter map's parameters as an array, read by index (no iterator per call). */
const parameterLists = new WeakMap<ReadonlyMap<string, ParameterInfo>, readonly ParameterInfo[]>();

function parameterList(params: ReadonlyMap<string, ParameterInfo>): readonly ParameterInfo[] {
  let list = parameterLists.get(params);
  if (!list) {
    list = [...params.values()];
    parameterLists.set(params, list);
  }
  return list;
}

/**
 * The named arguments of a call of `calleeName` (a command or a workflow)
 * against its parameters: MF006 for an unknown (with did-you-mean), a
 * positional, a duplicated or a missing required argument, MF007 for a value
 * of the wrong type. `shellScript` names the argument that is shell code
 * when it is written as a string (the built-in `sh`'s `script`).
 */
export function checkNamedArguments(
  call: CallExpression,
  calleeName: string,
  params: ReadonlyMap<string, ParameterInfo>,
  context: Pick<ActionContext, "scope" | "sink">,
  shellScript?: string,
): void {
  const { sink, scope } = context;
  const command = { name: calleeName };
  // By parameter position: calls are the hot path of a big workflow, no map
  // per call, and index loops (an iterator's step is an object until the JIT
  // has optimised this, and a check of 20,000 calls is over by then).
  const given = new Array<Argument | undefined>(params.size);
  const args = call.args ?? [];
  // The parameters positional arguments stand for, in order: made at the first one (rare).
  let unnamed: ParameterInfo[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.name;
    if (!name?.text) {
      // `log(mes`, as `message:` is typed: the argument's name, not an undefined value.
      const typed = nameBeingTyped(arg, scope);
      if (typed === undefined) checkValue(arg.value, scope, sink);
      const names = [...params.keys()];
      const meant = typed === undefined ? undefined : wordBeingTyped(typed, names);
      unnamed ??= parametersNoArgumentNames(params, args);
      const standsFor = meant === undefined ? unnamed.shift() : params.get(meant);
      if (meant !== undefined) unnamed = unnamed.filter((p) => p !== standsFor);
      // Said here once: that parameter is not also "missing".
      if (standsFor && !given[standsFor.index]) given[standsFor.index] = arg;
      sink.report(
        "MF006",
        arg.range,
        `arguments of "${command.name}" are named: write ${standsFor?.name ?? names[0] ?? "name"}: value`,
      );
      continue;
    }
    const param = params.get(name.text);
    if (!param) {
      checkValue(arg.value, scope, sink);
      const written = args.map((other) => other?.name?.text);
      const suggestion = suggestName(name.text, name.range, notWritten(params.keys(), written));
      const known = params.size
        ? `; it takes ${[...params.keys()].join(", ")}`
        : "; it takes no arguments";
      sink.report(
        "MF006",
        name.range,
        `unknown argument "${name.text}" of "${command.name}"${suggestion.hint || known}`,
        { data: suggestion.data },
      );
      continue;
    }
    const first = given[param.index];
    if (first?.name) {
      reportDuplicate(
        name,
        "argument",
        ` in this call of "${command.name}"`,
        { path: sink.path, name: first.name },
        sink,
        "given",
      );
      continue;
    }
    given[param.index] = arg;
    const value = arg.value;
    if (shellScript === name.text && value?.kind === "string") checkShellString(value, scope, sink);
    else checkValue(value, scope, sink, param.expectation);
  }
  let missing: ParameterInfo[] | undefined;
  const list = parameterList(params);
  for (let i = 0; i < list.length; i++) {
    const param = list[i]!;
    if (param.required && !given[param.index]) (missing ??= []).push(param);
  }
  if (missing) {
    const list = missing.map((p) => `"${p.name}" (${p.type})`).join(", ");
    sink.report(
      "MF006",
      call.callee.range,
      `"${command.name}" is missing required argument${missing.length > 1 ? "s" : ""} ${list}`,
      { data: { missingArguments: missing.map((p) => p.name) } },
    );
  }
}

/** The parameters of `params` that no argument of `args` names, in declaration order. */
function parametersNoArgumentNames(
  params: ReadonlyMap<string, ParameterInfo>,
  args: readonly Argument[],
): ParameterInfo[] {
  return parameterList(params).filter((p) => !args.some((arg) => arg?.name?.text === p.name));
}

/**
 * `js("./module.mjs", "export", name: value, ...)`: exactly two positional
 * strings, then any named arguments, which the function gets as its `args`.
 */
function checkJsCall(call: CallExpression, context: ActionContext): void {
  const { sink, scope } = context;
  let positional = 0;
  for (const arg of call.args ?? []) {
    if (arg.name) {
      checkValue(arg.value, scope, sink);
      continue;
    }
    positional++;
    if (positional > 2) {
      sink.report(
        "MF006",
        arg.range,
        `js takes two positional arguments, the module path and the export name; pass more as name: value`,
      );
      checkValue(arg.value, scope, sink);
      continue;
    }
    const what = positional === 1 ? "the module path of js" : "the export name of js";
    checkValue(arg.value, scope, sink, { type: "string", what });
  }
  if (positional < 2) {
    const missing = positional === 0 ? "the module path and the export name" : "the export name";
    sink.report(
      "MF006",
      call.callee.range,
      `js is missing ${missing}: js("./module.mjs", "exportName")`,
    );
  }
}
