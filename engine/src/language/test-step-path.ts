import { segmentsText, type Name, type Segment } from "./ast";
import { CALL_SEPARATOR } from "./workflow-call";

/**
 * How a test names a step of its run (`fail:`, `expect step`, `expect
 * output`): a step of its workflow (`build`), a step of a workflow a step
 * calls (`release/bump`, nested `a/b/c`; of an instance of a step that
 * calls a workflow once per item: `deploy[0]/bump`), the last maybe
 * followed by an index (`convert[1]`, `release/convert[0]`) and, for `expect output`, fields of
 * a JSON output (`.sites[0].mean`). Whether an index names a fan-out
 * instance or an item of a JSON list depends on the step it follows: see
 * {@link instanceIndex}.
 */
export interface TestStepPath {
  /** The steps from the test's workflow down, the outermost first: `release`, `bump`. */
  readonly steps: readonly Name[];
  /**
   * The instance a step before the last is, by the step's position: `[0]`
   * of `deploy[0]/bump`, step `bump` of instance 0 of `deploy`, a step that
   * calls a workflow once per item (`for_each`).
   */
  readonly instances?: readonly (Segment | undefined)[];
  /** What follows the steps: an index, fields. */
  readonly rest: readonly Segment[];
}

/** The path that a step id and the segments after it (`release` `/bump` `[0]` `.x`) make. */
export function testStepPath(head: Name, segments: readonly Segment[] = []): TestStepPath {
  const steps = [head];
  let instances: (Segment | undefined)[] | undefined;
  let at = 0;
  for (;;) {
    const segment = segments[at];
    if (segment?.index !== undefined && segments[at + 1]?.called) {
      (instances ??= [])[steps.length - 1] = segment;
      steps.push(segments[at + 1]!);
      at += 2;
    } else if (segment?.called) {
      steps.push(segment);
      at++;
    } else break;
  }
  const rest = segments.slice(at);
  return instances ? { steps, instances, rest } : { steps, rest };
}

/** The id the run gives the named step: `release/bump`, `deploy[0]/bump` (without a last index). */
export function stepPathId(path: TestStepPath): string {
  return path.steps.map((s, i) => s.text + (path.instances?.[i]?.text ?? "")).join(CALL_SEPARATOR);
}

/** The path as written, index and fields included: `release/convert[0].name`. */
export function stepPathText(path: TestStepPath): string {
  return segmentsText([
    ...path.steps.flatMap((s, i) => {
      const step = i === 0 ? s : { ...s, called: true as const };
      const instance = path.instances?.[i];
      return instance ? [step, instance] : [step];
    }),
    ...path.rest,
  ]);
}

/** The index right after the steps (`[1]` of `convert[1]`), if the path has one. */
export function instanceIndex(path: TestStepPath): Segment | undefined {
  const first = path.rest[0];
  return first?.index !== undefined ? first : undefined;
}
