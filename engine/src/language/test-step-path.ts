import { segmentsText, type Name, type Segment } from "./ast";
import { CALL_SEPARATOR } from "./workflow-call";

/**
 * How a test names a step of its run (`fail:`, `expect step`, `expect
 * output`): a step of its workflow (`build`), a step of a workflow a step
 * calls (`release/bump`, nested `a/b/c`), each maybe followed by an index
 * (`convert[1]`, `release/convert[0]`) and, for `expect output`, fields of
 * a JSON output (`.sites[0].mean`). Whether an index names a fan-out
 * instance or an item of a JSON list depends on the step it follows: see
 * {@link instanceIndex}.
 */
export interface TestStepPath {
  /** The steps from the test's workflow down, the outermost first: `release`, `bump`. */
  readonly steps: readonly Name[];
  /** What follows the steps: an index, fields. */
  readonly rest: readonly Segment[];
}

/** The path that a step id and the segments after it (`release` `/bump` `[0]` `.x`) make. */
export function testStepPath(head: Name, segments: readonly Segment[] = []): TestStepPath {
  let called = 0;
  while (segments[called]?.called) called++;
  return { steps: [head, ...segments.slice(0, called)], rest: segments.slice(called) };
}

/** The id the run gives the named step: `release/bump` (without an index). */
export function stepPathId(path: TestStepPath): string {
  return path.steps.map((s) => s.text).join(CALL_SEPARATOR);
}

/** The path as written, index and fields included: `release/convert[0].name`. */
export function stepPathText(path: TestStepPath): string {
  return segmentsText([
    ...path.steps.map((s, i) => (i === 0 ? s : { ...s, called: true as const })),
    ...path.rest,
  ]);
}

/** The index right after the steps (`[1]` of `convert[1]`), if the path has one. */
export function instanceIndex(path: TestStepPath): Segment | undefined {
  const first = path.rest[0];
  return first?.index !== undefined ? first : undefined;
}
