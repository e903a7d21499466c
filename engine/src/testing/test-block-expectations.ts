import { segmentsText, type ExpectStatement, type Range, type Segment } from "../language/ast";
import { instanceIndex, stepPathId, testStepPath } from "../language/test-step-path";
import { absentInstance, instanceBeforeItems } from "./absent-instance";
import { missingCallOutput } from "./missing-call-output";
import type { StepResult } from "../runtime/step";
import { StepStatus } from "../runtime/status";
import { evaluate } from "../language/compile/evaluate";
import { valueText } from "../language/compile/value-text";
import { outputField } from "../language/compile/output-path";
import { calledRowsStatus } from "../language/compile/workflow-call";
import { CALL_SEPARATOR } from "../language/workflow-call";
import { errorMessage } from "../runtime/step";
import { stepHadFailed } from "../runtime/rollback-failed-error";
import { failedOnItsOwn } from "../runtime/failed-on-its-own";
import type { ValueScope } from "../language/compile/value-scope";
import type { WorkflowResult } from "../runtime/result";
import { existsSync, readFileSync, statSync, type Stats } from "node:fs";
import { specialFileKind } from "./special-file";
import { resolve } from "node:path";
import {
  durationText,
  formatBytes,
  formatDuration,
  groupDigits,
  sizeText,
} from "../units/quantity-text";

/** One `expect` that did not hold. */
export interface ExpectationFailure {
  message: string;
  expected: unknown;
  actual: unknown;
  range: Range;
}

/** What an `expect` is checked against: the run's result and its working directory. */
export interface ExpectationSubject {
  result: WorkflowResult;
  workingDirectory: string;
  /** Values for the expected side (literals, params of the test). */
  scope: ValueScope;
}

/** Checks one `expect` statement (language.md §3); undefined when it holds. */
export function checkExpectation(
  expect: ExpectStatement,
  subject: ExpectationSubject,
): ExpectationFailure | undefined {
  const fail = (message: string, expected: unknown, actual: unknown): ExpectationFailure => ({
    message,
    expected,
    actual,
    range: expect.range,
  });
  const expected = expect.value ? expectedValue(expect, subject.scope) : undefined;
  const { result } = subject;
  switch (expect.subject) {
    case "status":
      return compare(expect.operator, result.status, expected)
        ? undefined
        : fail(
            `expected the run to ${describeOp(expect.operator)} ${String(expected)}, but it was ${result.status}${result.error ? ` (${result.error})` : ""}`,
            expected,
            result.status,
          );
    case "step": {
      const { id, step } = namedStep(expect, result);
      // An instance past the items read during the run was never a step: no status holds for it.
      const absent = step ? undefined : absentInstance(result, id);
      if (absent)
        return fail(
          `expected step ${id} to ${describeOp(expect.operator)} ${String(expected)}, but ${absent}`,
          expected,
          undefined,
        );
      const actual = step
        ? statusAsRead(result, step)
        : (instanceBeforeItems(result, id) ?? "missing");
      return compare(expect.operator, actual, expected)
        ? undefined
        : fail(
            `expected step ${id} to ${describeOp(expect.operator)} ${String(expected)}, but it was ${actual}${step?.error ? ` (${step.error})` : ""}`,
            expected,
            actual,
          );
    }
    case "output": {
      const { id, step, fields, instance } = namedStep(expect, result);
      const whole = step?.output;
      // A step that never ran (or failed) has no output to read a field of
      // (say so, rather than "the undefined undefined, not an object"), nor
      // one to compare: `expect output deploy != "error"` must not hold for
      // a deploy that never ran. A step that ran and printed nothing is "".
      // A call whose workflow's last step gave nothing gave nothing either: not "".
      const noCallOutput =
        whole === undefined && ranToItsEnd(step) ? missingCallOutput(result, id) : undefined;
      // The expectation as written, for a failure that finds nothing to compare:
      // what it expected is said too (`expect output deploy == "ok": step deploy has no output…`).
      const asWritten = (read: string): string =>
        `expect output ${read} ${expect.operator} ${
          Array.isArray(expected)
            ? JSON.stringify(expected.map(valueText))
            : JSON.stringify(valueText(expected))
        }`;
      if (whole === undefined && (fields.length > 0 || !ranToItsEnd(step) || noCallOutput)) {
        const why = noCallOutput
          ? `: ${noCallOutput}`
          : // The step's own error (an output that is not JSON…) in the run's words.
            ` (it ended ${step ? statusAsRead(result, step) : "missing"}${step?.error ? `: ${step.error}` : ""})`;
        return fail(
          `${asWritten(segmentsText([{ ...expect.target!, text: id }, ...fields]))}: step ${id} has no output${why}`,
          expected,
          undefined,
        );
      }
      let output: unknown;
      try {
        output =
          fields.length > 0
            ? outputField(
                whole,
                instance ? id.slice(0, -instance.text.length) : id,
                instance,
                fields,
                expect.target!.range,
              )
            : whole;
      } catch (error) {
        const read = segmentsText([{ ...expect.target!, text: id }, ...fields]);
        return fail(`${asWritten(read)}: ${errorMessage(error)}`, expected, undefined);
      }
      // Two lists (a fan-out's outputs) are compared item by item: ["a b"] is not ["a", "b"].
      const lists = Array.isArray(output) && Array.isArray(expected);
      const actual = lists
        ? JSON.stringify((output as unknown[]).map(valueText))
        : valueText(output);
      const wanted = lists
        ? JSON.stringify((expected as unknown[]).map(valueText))
        : valueText(expected);
      // A field's expectation names the field read, not only its step.
      const read =
        fields.length > 0 ? segmentsText([{ ...expect.target!, text: id }, ...fields]) : id;
      const shown = (text: string): string => (lists ? text : JSON.stringify(text));
      return textHolds(expect.operator, actual, wanted)
        ? undefined
        : fail(
            `expected the output of ${read} to ${describeOp(expect.operator)} ${shown(wanted)}, but it was ${shown(actual)}`,
            wanted,
            actual,
          );
    }
    case "file": {
      const path = valueText(expected);
      if (expect.content !== undefined) {
        return checkFileText(expect, path, subject, fail);
      }
      const exists = existsSync(resolve(subject.workingDirectory, path));
      const want = expect.operator === "missing" ? "missing" : "exists";
      const actual = exists ? "exists" : "missing";
      return want === actual
        ? undefined
        : fail(
            `expected file ${path} to be ${want === "exists" ? "there" : "missing"}, but it ${exists ? "exists" : "is missing"}`,
            want,
            actual,
          );
    }
    case "duration": {
      const actual = result.metrics.durationMs;
      return below(expect.operator, actual, expected as number)
        ? undefined
        : fail(
            `expected the run to take ${expect.operator} ${durationText(expected as number)}, but it took ${formatDuration(actual)}`,
            expected,
            actual,
          );
    }
    case "memory": {
      const actual = Math.max(
        result.metrics.peakMemoryBytes,
        ...result.stepResults.map((s) => s.metrics.child?.peakMemoryBytes ?? 0),
      );
      return below(expect.operator, actual, expected as number)
        ? undefined
        : fail(
            `expected the run's peak memory to be ${expect.operator} ${sizeText(expected as number)}, but it was ${formatBytes(actual)} (${groupDigits(actual)} bytes)`,
            expected,
            actual,
          );
    }
  }
}

/**
 * Whether a step ran to its end (its undo, if any, came after): it gave its
 * output, if only "". A step undone after it failed (half-done work undone)
 * is `rolled_back` or `rollback_failed` too, but never gave one.
 */
function ranToItsEnd(step: StepResult | undefined): boolean {
  if (step === undefined) return false;
  switch (step.status) {
    case StepStatus.SUCCESS:
      return true;
    case StepStatus.ROLLED_BACK:
      return !failedOnItsOwn(step);
    case StepStatus.ROLLBACK_FAILED:
      return !stepHadFailed(step.error);
    default:
      return false;
  }
}

/**
 * A step's status as a test reads it: a step that called a workflow has the
 * status of what it called (failed when one of its steps failed), as
 * `steps.x.status` has in a `when`; its own entry in the run only joins the call.
 */
function statusAsRead(result: WorkflowResult, step: StepResult): string {
  const prefix = step.stepId + CALL_SEPARATOR;
  const called = result.stepResults.filter((s) => s.stepId.startsWith(prefix));
  return called.length === 0 ? step.status : calledRowsStatus(called, step.status);
}

/**
 * The step result an `expect step` or `expect output` names, by the id the
 * run gives it (`release/bump`); an index after it names a fan-out instance
 * when the run has one (`convert[1]`), else it stays a field of the output.
 */
function namedStep(
  expect: ExpectStatement,
  result: WorkflowResult,
): {
  id: string;
  step: StepResult | undefined;
  fields: readonly Segment[];
  /** The index of the fan-out instance `id` names (`[1]` of `convert[1]`). */
  instance?: Segment;
} {
  if (!expect.target) return { id: "", step: undefined, fields: [] };
  const path = testStepPath(expect.target, expect.path);
  const id = stepPathId(path);
  const index = instanceIndex(path);
  if (index) {
    const instance = result.stepResults.find((s) => s.stepId === `${id}${index.text}`);
    if (instance)
      return { id: instance.stepId, step: instance, fields: path.rest.slice(1), instance: index };
    // A status has no items: the instance is not in the run.
    if (expect.subject === "step") return { id: `${id}${index.text}`, step: undefined, fields: [] };
  }
  return { id, step: result.stepResults.find((s) => s.stepId === id), fields: path.rest };
}

/**
 * `expect file <path> ==|!=|contains|matches <text>`: the file's text, read as
 * UTF-8 with one final line break dropped (as a step's output is), against the text.
 */
function checkFileText(
  expect: ExpectStatement,
  path: string,
  subject: ExpectationSubject,
  fail: (message: string, expected: unknown, actual: unknown) => ExpectationFailure,
): ExpectationFailure | undefined {
  const wanted = valueText(evaluate(expect.content!, subject.scope));
  const described = `expected file ${path} to ${describeOp(expect.operator)} ${JSON.stringify(wanted)}`;
  let actual: string;
  try {
    const file = resolve(subject.workingDirectory, path);
    // Said, not read: a named pipe would wait for a writer for good, and a folder has no text.
    const kind = notAFile(statSync(file));
    if (kind !== undefined)
      return fail(`${described}, but it is ${kind}, not a file`, wanted, undefined);
    actual = readFileSync(file, "utf8").replace(/\r?\n$/, "");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "it is missing"
        : `it cannot be read (${(error as Error).message})`;
    return fail(`${described}, but ${reason}`, wanted, undefined);
  }
  return textHolds(expect.operator, actual, wanted)
    ? undefined
    : fail(`${described}, but it holds ${JSON.stringify(excerpt(actual))}`, wanted, actual);
}

/** What a path that is no file is (`a folder`, `a named pipe (FIFO)`), or undefined for a file. */
function notAFile(stats: Stats): string | undefined {
  return stats.isDirectory() ? "a folder" : specialFileKind(stats);
}

/** Whether `actual` stands in the relation the operator says to `wanted` (both texts). */
function textHolds(operator: ExpectStatement["operator"], actual: string, wanted: string): boolean {
  switch (operator) {
    case "contains":
      return actual.includes(wanted);
    case "matches":
      return new RegExp(wanted, "u").test(actual);
    default:
      return compare(operator, actual, wanted);
  }
}

/** A long text cut for a failure message: the reader needs its start, not all of it. */
function excerpt(text: string): string {
  return text.length <= 400 ? text : `${text.slice(0, 400)}…`;
}

/** A status value is written as a bare name; anything else is an expression. */
function expectedValue(expect: ExpectStatement, scope: ValueScope): unknown {
  const value = expect.value!;
  if ((expect.subject === "status" || expect.subject === "step") && value.kind === "ref") {
    return value.segments.map((s) => s.text).join(".");
  }
  return evaluate(value, scope);
}

function compare(
  operator: ExpectStatement["operator"],
  actual: unknown,
  expected: unknown,
): boolean {
  return operator === "!=" ? actual !== expected : actual === expected;
}

function below(operator: ExpectStatement["operator"], actual: number, bound: number): boolean {
  return operator === "<=" ? actual <= bound : actual < bound;
}

function describeOp(operator: ExpectStatement["operator"]): string {
  switch (operator) {
    case "!=":
      return "not be";
    case "contains":
      return "contain";
    case "matches":
      return "match";
    default:
      return "be";
  }
}
