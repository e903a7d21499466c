import { referenceText, type CommandDeclaration, type Expression, type Reference } from "../ast";
import type { CommandSymbol, DeclaredCommandSymbol } from "../scope";
import type { BlockProperties } from "./block-properties";
import type { DiagnosticSink } from "./diagnostic-sink";

type Deadline = "timeout" | "rollback_timeout";

/**
 * MF008 on an argument of a declared command's call in a step's `run` that
 * is only known during the run (a step's output, `run.*`, the fan-out item)
 * when the command's own `timeout` or `rollback_timeout` reads that
 * argument's param: the step's deadline is set before it starts, so a run
 * would refuse the workflow. Only where the command's setting applies: the
 * step has no such setting of its own (nor a `rollback:`, for
 * `rollback_timeout`).
 */
export function checkDeadlineArguments(
  run: Expression,
  step: BlockProperties,
  stepName: string,
  commands: ReadonlyMap<string, CommandSymbol>,
  sink: DiagnosticSink,
): void {
  if (run.kind !== "call") return;
  const symbol = commands.get(run.callee.text);
  if (symbol?.kind !== "declared") return;
  const readers = deadlineReaders(symbol, step);
  if (readers.size === 0) return;
  const item = step.get("for_each")?.item?.text;
  for (const arg of run.args) {
    const settings = arg.name && readers.get(arg.name.text);
    if (!settings || !arg.value) continue;
    const late = lateReference(arg.value, item);
    if (!late) continue;
    const param = arg.name!.text;
    const read = settings.map((s) => `\`${s}\``).join(" and ");
    const own = settings.map((s) => `a \`${s}\``).join(" and ");
    sink.report(
      "MF008",
      arg.value.range,
      `\`${referenceText(late)}\` is only known during the run, but command \`${symbol.name}\` reads \`${param}\` in its ${read}, ` +
        `which step "${stepName}" needs before it starts: give \`${param}\` a value known before the run ` +
        `(a literal, a param or a var), or give step "${stepName}" ${own} of its own`,
    );
  }
}

/** For each param of the command, the deadlines of it that apply to the step and read the param. */
function deadlineReaders(
  symbol: DeclaredCommandSymbol,
  step: BlockProperties,
): Map<string, Deadline[]> {
  const readers = new Map<string, Deadline[]>();
  const byDeadline = paramsReadBy(symbol.decl);
  if (byDeadline.size === 0) return readers;
  for (const setting of appliedDeadlines(step)) {
    for (const name of byDeadline.get(setting) ?? []) {
      const list = readers.get(name) ?? [];
      list.push(setting);
      readers.set(name, list);
    }
  }
  return readers;
}

const DEADLINES: readonly Deadline[] = ["timeout", "rollback_timeout"];

/**
 * The params each of a command's own deadlines reads, once per command
 * declaration: every step that calls the command asks. (An edit only shifts
 * the positions of a parsed declaration; one that changes its text parses it
 * again, a new object.)
 */
const readByCommand = new WeakMap<CommandDeclaration, ReadonlyMap<Deadline, string[]>>();

function paramsReadBy(decl: CommandDeclaration): ReadonlyMap<Deadline, string[]> {
  const known = readByCommand.get(decl);
  if (known) return known;
  const byDeadline = new Map<Deadline, string[]>();
  const params = new Set(decl.params.flatMap((p) => (p.name ? [p.name.text] : [])));
  for (const setting of DEADLINES) {
    const expr = decl.properties.find((p) => p.name.text === setting)?.value;
    const read = new Set<string>();
    for (const ref of referencesIn(expr)) {
      const name = ref.segments[0]?.text;
      if (name !== undefined && params.has(name)) read.add(name);
    }
    if (read.size > 0) byDeadline.set(setting, [...read]);
  }
  readByCommand.set(decl, byDeadline);
  return byDeadline;
}

/** The command's deadlines the step takes: its own setting (and, for the undo's, its `rollback:`) wins. */
function appliedDeadlines(step: BlockProperties): Deadline[] {
  const applied: Deadline[] = [];
  if (!step.get("timeout")) applied.push("timeout");
  if (!step.get("rollback_timeout") && !step.get("rollback")) applied.push("rollback_timeout");
  return applied;
}

/** The first reference in `expr` only known during the run: a step's output, `run.*`, the item. */
function lateReference(expr: Expression, item: string | undefined): Reference | undefined {
  for (const ref of referencesIn(expr)) {
    const [first, second] = ref.segments;
    if (!first) continue;
    if (second && (first.text === "steps" || first.text === "run")) return ref;
    if (first.text === item) return ref;
  }
  return undefined;
}

/** Every reference in `expr`: in `${}`, lists and maps too. */
function* referencesIn(expr: Expression | undefined): Generator<Reference> {
  if (!expr) return;
  switch (expr.kind) {
    case "ref":
      yield expr;
      return;
    case "string":
      for (const part of expr.parts) if (part.kind === "interpolation" && part.ref) yield part.ref;
      return;
    case "list":
      for (const item of expr.items) yield* referencesIn(item);
      return;
    case "map":
      for (const entry of expr.entries) yield* referencesIn(entry.value);
      return;
    default:
      return;
  }
}
