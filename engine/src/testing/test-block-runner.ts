import { cpSync, mkdtempSync, rmSync, statSync, type Stats } from "node:fs";
import { fixtureLinkProblem } from "./fixture-links";
import { FIXTURE_HOLDS, specialFileKind } from "./special-file";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { CommandRegistry } from "../commands/registry";
import { segmentsText, type Expression, type Range, type TestDeclaration } from "../language/ast";
import { compileWorkflow } from "../language/compile/compile-workflow";
import { evaluate } from "../language/compile/evaluate";
import type { ValueScope } from "../language/compile/value-scope";
import { CompileError, type ShowPath } from "../language/compile/compile-error";
import type { CheckResult } from "../language/scope";
import { WorkflowContext } from "../runtime/context";
import { WorkflowEngine } from "../runtime/engine";
import { errorMessage } from "../runtime/step";
import { setLongTimeout } from "../runtime/long-timeout";
import type { WorkflowResult } from "../runtime/result";
import type { SecretMask } from "../runtime/secret-mask";
import { absentInstance } from "./absent-instance";
import { emptyFixtureMessage, emptyParamFromEnv } from "./empty-env-values";
import { resetPeakMemory } from "./peak-memory-reset";
import { skippedFailTarget } from "./skipped-fail-target";
import { sweepKeptTestFolders, testFolderPrefix } from "./kept-test-folders";
import { checkExpectation, type ExpectationFailure } from "./test-block-expectations";
import { durationText, formatDuration } from "../units/quantity-text";

/**
 * How long the rollback a test's timeout starts may run before it is given
 * up (its running undo's processes ended), as after a second Ctrl+C: the
 * grace a step gets to stop at its cancellation.
 */
const TIMEOUT_UNDO_GRACE_MS = 5_000;

/** The outcome of one `test` block (the shape of `momoflow test --json`). */
export interface TestBlockResult {
  name: string;
  file: string;
  range: Range;
  status: "passed" | "failed";
  durationMs: number;
  failures: ExpectationFailure[];
  /**
   * The test's working directory, when it was kept: a failed test's by
   * default, so what its steps left (and its run record, with each step's
   * log) can be looked at; absent when it was removed.
   */
  workingDirectory?: string;
}

/** Options of {@link runTestBlock}. */
export interface TestBlockOptions {
  registry?: CommandRegistry;
  /**
   * Whether to keep the test's working directory: `true` always, `false`
   * never, `"failed"` (the default) when the test failed. A kept one is
   * named in the result ({@link TestBlockResult.workingDirectory}).
   */
  keepWorkingDirectory?: boolean | "failed";
  /** Cancels the test: its run stops its steps and rolls back (Ctrl+C). */
  signal?: AbortSignal;
  /** Stops the test's run at once: its steps are not waited for, its rollback is given up (a second Ctrl+C). */
  giveUpSignal?: AbortSignal;
  /** Told, as its run starts, whether the test's run rolls back when cancelled (the test's `rollback_on_failure`, else its workflow's). */
  onRunStart?: (rollsBack: boolean) => void;
  /**
   * How a failure's message shows a path (the CLI: as `momoflow check` does);
   * as it is by default.
   */
  showPath?: ShowPath;
}

/** A scope for the values written in a test (literals, `env.*`): tests have no params of their own. */
function testScope(path: string): ValueScope {
  return {
    path,
    lookup(ref) {
      const [root, name] = ref.segments.map((s) => s.text);
      if (root === "env" && name) return process.env[name] ?? "";
      throw new CompileError("a test's values are literals or env.NAME", path, ref.range);
    },
  };
}

/**
 * `files:` of a test: the folder (its contents) or the file, relative to the
 * test's own file, copied into the test's working directory, so a test finds
 * its inputs wherever `momoflow test` was started, and its run changes the
 * copy only.
 */
function copyFixture(
  fixture: string,
  testFile: string,
  workingDirectory: string,
  showPath: ShowPath,
): void {
  const source = resolve(dirname(testFile), fixture);
  let stats: Stats;
  try {
    stats = statSync(source);
  } catch {
    throw new Error(`files: "${fixture}" is not there (looked for ${showPath(source)})`);
  }
  const kind = specialFileKind(stats);
  if (kind !== undefined) throw new Error(`files: "${fixture}" is ${kind}: ${FIXTURE_HOLDS}`);
  const isFolder = stats.isDirectory();
  if (isFolder) {
    const problem = fixtureLinkProblem(source, (path) => join(fixture, relative(source, path)));
    if (problem !== undefined) throw new Error(`files: "${fixture}": ${problem}`);
  }
  const target = isFolder ? workingDirectory : join(workingDirectory, basename(source));
  // A symbolic link is copied as what it points to: a link kept (cpSync makes
  // a relative one absolute) lets the run write through it, to the original.
  cpSync(source, target, { recursive: true, preserveTimestamps: true, dereference: true });
}

/**
 * Runs one `test` block: its workflow, in a fresh temporary working
 * directory (holding a copy of its `files:`), with its params, failure
 * injection (`fail`) and settings; then every `expect`. A test that cannot
 * even start fails with the reason. The directory is removed afterwards,
 * unless the test failed (see {@link TestBlockOptions.keepWorkingDirectory});
 * the one an earlier run of the same test kept is removed first.
 */
export async function runTestBlock(
  check: CheckResult,
  test: TestDeclaration,
  options: TestBlockOptions = {},
): Promise<TestBlockResult> {
  const tmp = tmpdir();
  await sweepKeptTestFolders(tmp, check.document.path, test.name.text);
  const dir = mkdtempSync(join(tmp, testFolderPrefix(check.document.path, test.name.text)));
  const result = await runTestIn(dir, check, test, options);
  const keep = options.keepWorkingDirectory ?? "failed";
  if (keep === true || (keep === "failed" && result.status === "failed"))
    return { ...result, workingDirectory: dir };
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** {@link runTestBlock} in `dir`, the working directory made for it. */
async function runTestIn(
  dir: string,
  check: CheckResult,
  test: TestDeclaration,
  options: TestBlockOptions,
): Promise<TestBlockResult> {
  const path = check.document.path;
  const showPath = options.showPath ?? ((p: string) => p);
  const started = performance.now();
  const outcome = (failures: ExpectationFailure[]): TestBlockResult => ({
    name: test.name.text,
    file: path,
    range: test.name.range,
    status: failures.length === 0 ? "passed" : "failed",
    durationMs: performance.now() - started,
    failures,
  });
  /** A test that could not run as written: at `range`, the part of it at fault, else its name. */
  const problem = (error: unknown, range: Range = test.name.range): TestBlockResult =>
    outcome([
      {
        message: error instanceof CompileError ? error.describe(showPath) : errorMessage(error),
        expected: undefined,
        actual: undefined,
        range,
      },
    ]);

  const scope = testScope(path);
  const value = (name: string): Expression | undefined =>
    test.properties.find((p) => p.name.text === name)?.value;
  try {
    const workflowRef = value("workflow");
    const workflow =
      workflowRef?.kind === "ref" ? workflowRef.segments.map((s) => s.text).join(".") : undefined;
    if (!workflow) return problem(new Error(`test "${test.name.text}" names no workflow`));
    const filesExpr = value("files");
    if (filesExpr) {
      try {
        const fixture = String(evaluate(filesExpr, scope));
        // "" would name the test file's own folder: an unset variable, not a fixture.
        if (fixture === "") throw new Error(emptyFixtureMessage(filesExpr));
        copyFixture(fixture, path, dir, showPath);
      } catch (error) {
        return problem(error, filesExpr.range);
      }
    }
    const paramsExpr = value("params");
    const emptyParam = emptyParamFromEnv(paramsExpr, check, workflow);
    if (emptyParam) return problem(new Error(emptyParam.message), emptyParam.range);
    const params = paramsExpr ? (evaluate(paramsExpr, scope) as Record<string, unknown>) : {};
    const definition = compileWorkflow(check, {
      workflow,
      params,
      paramsGivenIn: "test",
      ...(options.registry ? { registry: options.registry } : {}),
    });
    const failExpr = value("fail");
    // As the run names them: `build`, `release/bump`, `convert[1]`, `release/convert[0]`.
    const failTargets = !failExpr
      ? []
      : (failExpr.kind === "list" ? failExpr.items : [failExpr]).flatMap((e) =>
          e.kind === "ref" ? [{ id: segmentsText(e.segments), range: e.range }] : [],
        );
    const failSteps = failTargets.map((t) => t.id);
    const rollbackExpr = value("rollback_on_failure");
    const timeoutExpr = value("timeout");
    const controller = new AbortController();
    const timeoutMs = timeoutExpr ? (evaluate(timeoutExpr, scope) as number) : undefined;
    // Removed when the test ends: the signals outlive it, and listeners left on them pile up test after test.
    const cancel = (): void => controller.abort(options.signal!.reason);
    options.signal?.addEventListener("abort", cancel, { once: true });
    // The rollback a timeout starts is given up when it still runs this much later.
    let undoGivenUp = false;
    let undoTimer: NodeJS.Timeout | undefined;
    let timer: { clear(): void } | undefined;
    let stopListening = (): void => {};
    try {
      // The tests of one process share its high-water mark: `expect memory` reads this run's.
      resetPeakMemory();
      const context = new WorkflowContext({ workingDirectory: dir, signal: controller.signal });
      const giveUp = (): void => context.giveUp(options.giveUpSignal!.reason);
      if (options.giveUpSignal?.aborted) giveUp();
      else options.giveUpSignal?.addEventListener("abort", giveUp, { once: true });
      stopListening = () => options.giveUpSignal?.removeEventListener("abort", giveUp);
      if (timeoutMs !== undefined)
        timer = setLongTimeout(() => {
          const reason = new Error(`the test timed out after ${durationText(timeoutMs)}`);
          controller.abort(reason);
          // A timeout bounds the test: an undo that hangs would hold it, and the tests after it, for good.
          undoTimer = setTimeout(() => {
            undoGivenUp = true;
            context.giveUp(reason);
          }, TIMEOUT_UNDO_GRACE_MS);
        }, timeoutMs);
      const rollbackOnFailure = rollbackExpr
        ? (evaluate(rollbackExpr, scope) as boolean)
        : definition.rollbackOnFailure;
      options.onRunStart?.(rollbackOnFailure);
      const result = await new WorkflowEngine().executeWorkflow(definition, context, {
        failSteps,
        ...(rollbackExpr ? { rollbackOnFailure } : {}),
      });
      if (controller.signal.aborted)
        return problem(
          undoGivenUp
            ? new Error(
                `${errorMessage(controller.signal.reason)}; its rollback still ran ${durationText(TIMEOUT_UNDO_GRACE_MS)} later and was given up`,
              )
            : controller.signal.reason,
          options.signal?.aborted ? test.name.range : timeoutExpr?.range,
        );
      // A step that kept the process busy (a js() loop) holds every timer back until it returns: the run may end past the timeout without the timer having fired.
      if (timeoutMs !== undefined && result.metrics.durationMs > timeoutMs)
        return problem(
          new Error(
            `the test timed out after ${durationText(timeoutMs)}: its run took ${formatDuration(result.metrics.durationMs)}`,
          ),
          timeoutExpr?.range,
        );
      // The run's mask: the definition's secrets and those its calls made of step outputs.
      const mask = context.secrets;
      const failures = injectedNothing(failTargets, result);
      failures.push(
        ...test.expects.flatMap((expect) => {
          const failure = checkExpectation(expect, { result, workingDirectory: dir, scope });
          // An expectation quotes what the run made: a secret in it is *** as in the run's own output.
          return failure ? [maskFailure(failure, mask)] : [];
        }),
      );
      return outcome(failures);
    } finally {
      timer?.clear();
      clearTimeout(undoTimer);
      options.signal?.removeEventListener("abort", cancel);
      stopListening();
    }
  } catch (error) {
    return problem(error);
  }
}

/**
 * The failures of a test whose `fail:` names a fan-out instance its run never
 * had (an index past items read during the run), or a step its run skipped:
 * it injected nothing, so whatever it expects of that failure proves nothing.
 */
function injectedNothing(
  targets: readonly { id: string; range: Range }[],
  result: WorkflowResult,
): ExpectationFailure[] {
  return targets.flatMap(({ id, range }) => {
    const absent = absentInstance(result, id) ?? skippedFailTarget(result, id);
    if (!absent) return [];
    return [
      { message: `fail: ${id} failed no step: ${absent}`, expected: id, actual: undefined, range },
    ];
  });
}

/** A failure with the secrets in its texts masked (its range is left as it is). */
function maskFailure(failure: ExpectationFailure, mask: SecretMask): ExpectationFailure {
  if (mask.empty) return failure;
  const expected = mask.value(failure.expected);
  const actual = mask.value(failure.actual);
  // Masked, two texts that differ may read the same: say where they differ, not what.
  const hidden =
    failure.expected !== undefined &&
    failure.actual !== undefined &&
    sameValue(expected, actual) &&
    !sameValue(failure.expected, failure.actual);
  const message = mask.text(failure.message);
  return {
    ...failure,
    message: hidden ? `${message} (the two differ inside a secret's text, shown as ***)` : message,
    expected,
    actual,
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
