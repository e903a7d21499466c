/**
 * How a step or a command is undone, in words: by an explicit `rollback`, by
 * the automatic undo of a built-in command (possibly reached through declared
 * commands that wrap it), not at all, or there is nothing to undo (an
 * effect-free built-in, or `rollback: none`). Follows
 * the same rules as the checker's MF011 and the compiler (language.md §5).
 */
import type { Expression, Property, Range, CommandSymbol } from "@momoflow/language";
import type { SourceReader } from "../session/workspace-files";

/** How an action is undone. */
export type Undo =
  /** A `rollback` property: of the step itself, or of the declared command `command`. */
  | { kind: "rollback"; command: string | undefined; path: string; range: Range }
  /** The automatic undo of a built-in, called through the declared commands of `via`. */
  | { kind: "automatic"; builtin: string; description: string | undefined; via: string[] }
  /** A built-in that changes nothing outside the run (`log`, `sleep`, `fail`). */
  | { kind: "nothing"; builtin: string; via: string[] }
  /** `rollback: none`: of the step itself, or of the declared command `command`. */
  | { kind: "none"; command: string | undefined }
  /** Nothing undoes it: a shell action, a `js(...)` action, or a built-in without undo. */
  | { kind: "irreversible"; what: string; via: string[] }
  /** An unknown command or a missing action (already an error). */
  | { kind: "unknown" };

/** Declared commands calling each other deeper than this are a loop (as the checker decides). */
const MAX_DEPTH = 32;

/** `rollback` of a block, when it has a value. */
function rollbackOf(properties: readonly Property[] | undefined): Property | undefined {
  return properties?.find((p) => p?.name?.text === "rollback" && p.value);
}

/** How a step with these properties (written in the file at `path`) is undone. */
export function stepUndo(
  properties: readonly Property[] | undefined,
  path: string,
  commands: ReadonlyMap<string, CommandSymbol>,
): Undo {
  const rollback = rollbackOf(properties);
  if (rollback?.value?.kind === "none") return { kind: "none", command: undefined };
  if (rollback?.value)
    return { kind: "rollback", command: undefined, path, range: rollback.value.range };
  const run = properties?.find((p) => p?.name?.text === "run")?.value;
  return actionUndo(run, commands, [], 0);
}

/** How a step calling `command` (with no `rollback` of its own) is undone. */
export function commandUndo(
  command: CommandSymbol,
  commands: ReadonlyMap<string, CommandSymbol>,
  via: string[] = [],
  depth = 0,
): Undo {
  if (command.kind === "builtin") {
    const signature = command.signature;
    if (signature.reversible) {
      return {
        kind: "automatic",
        builtin: command.name,
        description: signature.undoDescription,
        via,
      };
    }
    if (signature.effectFree) return { kind: "nothing", builtin: command.name, via };
    return { kind: "irreversible", what: `\`${command.name}\``, via };
  }
  const rollback = rollbackOf(command.decl.properties);
  if (rollback?.value?.kind === "none") return { kind: "none", command: command.name };
  if (rollback?.value) {
    return {
      kind: "rollback",
      command: command.name,
      path: command.path,
      range: rollback.value.range,
    };
  }
  const run = command.decl.properties?.find((p) => p?.name?.text === "run")?.value;
  return actionUndo(run, commands, [...via, command.name], depth + 1);
}

function actionUndo(
  expr: Expression | undefined,
  commands: ReadonlyMap<string, CommandSymbol>,
  via: string[],
  depth: number,
): Undo {
  if (!expr || depth > MAX_DEPTH) return { kind: "unknown" };
  if (expr.kind === "string") return { kind: "irreversible", what: "a shell action", via };
  if (expr.kind !== "call" || !expr.callee?.text) return { kind: "unknown" };
  if (expr.callee.text === "js") return { kind: "irreversible", what: "a `js(...)` action", via };
  const command = commands.get(expr.callee.text);
  return command ? commandUndo(command, commands, via, depth) : { kind: "unknown" };
}

/** ` (through `wrap`)`: the declared commands an undo was reached through. */
function through(via: readonly string[]): string {
  return via.length ? ` (through ${via.map((name) => `\`${name}\``).join(" → ")})` : "";
}

/** An explicit rollback as written, when it fits on one line: `` : `delete_path(path: out)` ``. */
function writtenRollback(undo: Extract<Undo, { kind: "rollback" }>, source: SourceReader): string {
  const written = source(undo.path, undo.range);
  return written !== undefined && !/[\r\n]/.test(written) && written.length <= 100
    ? `: \`${written}\``
    : "";
}

/**
 * How a step is undone, in one Markdown line: "**Reversible** by …",
 * "**Irreversible**: …", "**Nothing to undo**: …"; undefined when unknown.
 */
export function describeStepUndo(undo: Undo, source: SourceReader): string | undefined {
  switch (undo.kind) {
    case "rollback": {
      const owner = undo.command === undefined ? "its" : `the command \`${undo.command}\`'s`;
      return `**Reversible** by ${owner} explicit \`rollback\`${writtenRollback(undo, source)}`;
    }
    case "automatic":
      return (
        `**Reversible** by the automatic undo of \`${undo.builtin}\`${through(undo.via)}` +
        (undo.description ? `: ${undo.description}` : "")
      );
    case "nothing":
      return `**Nothing to undo**: \`${undo.builtin}\`${through(undo.via)} changes nothing outside the run`;
    case "none":
      return undo.command === undefined
        ? "**Nothing to undo**: its `rollback: none` says it changes nothing outside the run"
        : `**Nothing to undo**: the command \`${undo.command}\` says \`rollback: none\``;
    case "irreversible": {
      const what = undo.via.length ? `${calls(undo.via)} runs ${undo.what}, which` : undo.what;
      return `**Irreversible**: ${what} is not undone; give the step a \`rollback\``;
    }
    case "unknown":
      return undefined;
  }
}

/** `` `a` `` or `` `a` (through `b`) ``: the first declared command of a chain, and the rest. */
function calls(via: readonly string[]): string {
  return `\`${via[0]}\`${through(via.slice(1))}`;
}

/** How a step calling a command is undone, in one Markdown line ("**Undone by:** …"). */
export function describeCommandUndo(undo: Undo, source: SourceReader): string | undefined {
  switch (undo.kind) {
    case "rollback":
      return `**Undone by:** its \`rollback\`${writtenRollback(undo, source)}`;
    case "automatic": {
      const how = undo.description ?? "its automatic undo";
      return undo.via.length === 0
        ? `**Undone by:** ${how}`
        : `**Undone by:** the automatic undo of \`${undo.builtin}\`${through(undo.via.slice(1))}: ${how}`;
    }
    case "none":
      return "**Nothing to undo:** its `rollback: none` says it changes nothing outside the run";
    case "nothing":
      return undo.via.length === 0
        ? "**Nothing to undo:** it changes nothing outside the run"
        : `**Nothing to undo:** it runs \`${undo.builtin}\`, which changes nothing outside the run`;
    case "irreversible":
      return undo.via.length === 0
        ? "**Not undone automatically:** a step calling it needs a `rollback`"
        : `**Not undone automatically:** it runs ${undo.what}${through(undo.via.slice(1))}; a step calling it needs a \`rollback\``;
    case "unknown":
      return undefined;
  }
}
