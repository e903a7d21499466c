import { REQUIRED_METRIC_FIELDS } from "../runtime/metrics";
import { STEP_STATUSES, WORKFLOW_STATUSES } from "../runtime/status";

type Fields = Record<string, unknown>;

const STEP_STATUS_SET = new Set<unknown>(STEP_STATUSES);
const WORKFLOW_STATUS_SET = new Set<unknown>(WORKFLOW_STATUSES);
const UNDO_KINDS = new Set<unknown>(["undo", "run", "code", "after_output"]);

/**
 * What is wrong with a journal line of a known type, in the fields the
 * replay reads (see schemas/run-journal-event.schema.json); undefined for a
 * line it can read. A line is valid JSON and says anything after a disk
 * error or a hand edit: read as it is, `{"type":"step_started"}` made
 * `momoflow rollback` throw a TypeError. Such a line is skipped, as a cut
 * one is, and reported with it.
 */
export function journalEventProblem(event: Fields): string | undefined {
  switch (event.type) {
    case "run_started":
      return listProblem(event.steps, "steps", stepInfoProblem);
    case "step_started":
      return (
        stepProblem(event) ?? countProblem(event.attempt, "attempt") ?? undoProblem(event.undo)
      );
    case "step_rollback_data":
      return stepProblem(event);
    case "step_process":
      return stepProblem(event) ?? (isPid(event.pid) ? undefined : "its pid is not a process id");
    case "step_finished":
      return (
        stepProblem(event) ??
        (STEP_STATUS_SET.has(event.status) ? undefined : "its status is not a step status") ??
        countProblem(event.attempts, "attempts") ??
        metricsProblem(event.metrics) ??
        undoProblem(event.undo)
      );
    case "step_fanned_out":
      return stepProblem(event) ?? listProblem(event.instances, "instances", stepInfoProblem);
    case "step_earlier_attempts":
      return (
        stepProblem(event) ??
        (typeof event.from === "string" ? undefined : "it does not say which run made them") ??
        undoProblem(event.undo) ??
        listProblem(event.attempts, "attempts", (a) =>
          isObject(a) ? undefined : "is not an attempt ({ data })",
        ) ??
        prefixed("its info ", stepInfoProblem(event.info))
      );
    case "step_rolled_back":
      return (
        stepProblem(event) ??
        (event.status === "rolled_back" || event.status === "rollback_failed"
          ? undefined
          : "its status is neither rolled_back nor rollback_failed") ??
        undoneBeforeFailingProblem(event.undoneBeforeFailing)
      );
    case "rollback_started":
      return listProblem(event.steps, "steps", (id) =>
        typeof id === "string" ? undefined : "is not a step id",
      );
    case "run_finished":
      if (!WORKFLOW_STATUS_SET.has(event.status)) return "its status is not a run status";
      return event.notRunAfterTimeout === undefined
        ? undefined
        : listProblem(event.notRunAfterTimeout, "notRunAfterTimeout", (id) =>
            typeof id === "string" ? undefined : "is not a step id",
          );
    case "rollback_finished":
      return WORKFLOW_STATUS_SET.has(event.status) ? undefined : "its status is not a run status";
    case "run_resumed":
      return typeof event.by === "string" ? undefined : "it does not say which run resumed it";
    default:
      return undefined;
  }
}

function prefixed(prefix: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : prefix + problem;
}

function stepProblem(event: Fields): string | undefined {
  return typeof event.step === "string" ? undefined : "it names no step";
}

function countProblem(value: unknown, name: string): string | undefined {
  return Number.isInteger(value) && (value as number) >= 0
    ? undefined
    : `its ${name} is not a whole number`;
}

function isPid(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) > 0;
}

function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function undoProblem(undo: unknown): string | undefined {
  if (undo === undefined) return undefined;
  const ok =
    isObject(undo) &&
    UNDO_KINDS.has(undo.kind) &&
    typeof undo.command === "string" &&
    isObject(undo.args);
  return ok ? undefined : "its undo is not an undo (kind, command, args)";
}

function metricsProblem(metrics: unknown): string | undefined {
  if (!isObject(metrics)) return "it has no metrics";
  const bad = REQUIRED_METRIC_FIELDS.find((f) => typeof metrics[f] !== "number");
  return bad === undefined ? undefined : `its metrics' ${bad} is not a number`;
}

function stepInfoProblem(info: unknown): string | undefined {
  const ok =
    isObject(info) &&
    typeof info.id === "string" &&
    Array.isArray(info.needs) &&
    info.needs.every((n) => typeof n === "string") &&
    // Left out by earlier versions for a step object that left it out: not reversible.
    (typeof info.reversible === "boolean" || info.reversible === undefined);
  return ok ? undefined : "is not a step (id, needs, reversible)";
}

/** What is wrong with a `step_rolled_back`'s `undoneBeforeFailing`, when it has one. */
function undoneBeforeFailingProblem(undone: unknown): string | undefined {
  if (undone === undefined) return undefined;
  if (!isObject(undone)) return "its undoneBeforeFailing is not an object";
  const { own, earlier } = undone as Fields;
  if (own !== undefined && own !== true) return "its undoneBeforeFailing.own is not true";
  if (earlier === undefined) return undefined;
  return listProblem(earlier, "undoneBeforeFailing.earlier", (run) =>
    typeof run === "string" ? undefined : "is not a run id",
  );
}

function listProblem(
  list: unknown,
  name: string,
  itemProblem: (item: unknown) => string | undefined,
): string | undefined {
  if (!Array.isArray(list)) return `its ${name} is not a list`;
  for (let i = 0; i < list.length; i++) {
    const problem = itemProblem(list[i]);
    if (problem !== undefined) return `its ${name}[${i}] ${problem}`;
  }
  return undefined;
}
