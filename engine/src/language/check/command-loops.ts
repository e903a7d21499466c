import type { CallExpression, CommandDeclaration } from "../ast";
import { JS_ACTION } from "../action-effect";
import type { CommandSymbol } from "../scope";
import type { DiagnosticSink } from "./diagnostic-sink";

/**
 * MF043 on a command whose `run` calls commands that lead back to it
 * (`deploy → push → deploy`): no step calling it could ever run, as the
 * compiler would expand it for ever. Reported where the loop starts, on the
 * callee of the command's `run`; a loop among imported commands is reported
 * in their own file.
 */
export function reportCommandLoop(
  command: CommandDeclaration,
  commands: ReadonlyMap<string, CommandSymbol>,
  sink: DiagnosticSink,
): void {
  const own = command.name?.text;
  const call = runCall(command);
  if (!own || !call) return;
  const loop = loopBackTo(own, call.callee.text, commands);
  if (!loop) return;
  sink.report(
    "MF043",
    call.callee.range,
    `commands call each other in a loop: ${loop.join(" → ")} (a command cannot run itself, directly or through others)`,
  );
}

/** The command a declaration's `run` calls, if it calls one. */
function runCall(decl: CommandDeclaration): CallExpression | undefined {
  const run = decl.properties?.find((p) => p?.name?.text === "run")?.value;
  if (run?.kind !== "call" || !run.callee?.text || run.callee.text === JS_ACTION) return undefined;
  return run;
}

/**
 * The names from `own` through the `run` of each command called, when they
 * come back to `own`. A `run` calls at most one command, so the path is a
 * chain: it ends at a built-in, a shell string, an unknown name, or a loop
 * that does not pass through `own` (reported at its own commands).
 */
function loopBackTo(
  own: string,
  first: string,
  commands: ReadonlyMap<string, CommandSymbol>,
): string[] | undefined {
  const path = [own];
  for (let name = first; ;) {
    if (name === own) return [...path, name];
    if (path.includes(name)) return undefined;
    const symbol = commands.get(name);
    if (symbol?.kind !== "declared") return undefined;
    path.push(name);
    const next = runCall(symbol.decl);
    if (!next) return undefined;
    name = next.callee.text;
  }
}
