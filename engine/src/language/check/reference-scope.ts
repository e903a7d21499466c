import type { Name, Reference } from "../ast";
import type { ValueType } from "./value-type";
import type { WrittenValueOf } from "../written-path";
import type { DeclaredValues } from "./declared-values";

/** How `steps.<id>.output` is read where steps are in scope (a step's properties). */
export interface StepOutputs {
  /**
   * True when `id` names a step; otherwise reports MF002 and returns false.
   * `field`: what is read of it (`output`, `outputs`), so that the "did you
   * mean" prefers the steps that have it.
   */
  knows(id: Name, field?: string): boolean;
  /** Whether `id` names a step of the workflow (nothing reported): for a message about a bare step id. */
  isStep?(id: string): boolean;
  /** Records a read of `steps.<id>.output` (`id` is known): MF010 when the reader does not need it. */
  read(ref: Reference, id: Name): void;
  /**
   * Whether the output of step `id` (known) is JSON — it declares `output: json`, or
   * calls a workflow whose output is: only then has its output fields.
   */
  isJson(id: Name): boolean;
  /** What makes the output of step `id` (known) JSON, for a message: `declare \`output: json\` on step "id"`. */
  jsonHint(id: Name): string;
  /** Whether step `id` (known) makes its output itself (no workflow call): `output: json` goes on it. */
  makesOwnOutput?(id: Name): boolean;
  /** Whether step `id` (known) fans out (`for_each`): it has `outputs`, not `output`. */
  isFanOut?(id: Name): boolean;
  /**
   * Whether this is the rollback of fan-out step `id` itself: each instance
   * is undone alone, so there `output` is the output of the instance being
   * undone, and `outputs` is not read.
   */
  undoesInstancesOf?(id: Name): boolean;
  /**
   * Whether this is the `run` or `when` of step `id` itself: there neither
   * its output nor its instances' outputs exist yet.
   */
  readsOwn?(id: Name): boolean;
}

/**
 * The names a reference may use at one place of a file: what a bare name
 * means there, and whether `steps.<id>.output` can be read. The built-in
 * roots (`env`, `run`, `workflow`) are the same everywhere and handled by
 * {@link resolveReference}.
 */
export interface ReferenceScope {
  /**
   * The type of the bare name `name`, or undefined when no such name is in
   * scope. May report a diagnostic of its own (a var used before it is
   * computed) and still return a type.
   */
  lookup(name: Name): ValueType | undefined;
  /** The bare names in scope, offered as "did you mean" suggestions. */
  names(): Iterable<string>;
  /**
   * The type of the bare name `name` in scope, without reading it (nothing
   * marked used, nothing reported): a "did you mean" prefers the names whose
   * type fits the place.
   */
  typeOf?(name: string): ValueType | undefined;
  /** Step outputs, where they can be read. */
  readonly steps: StepOutputs | undefined;
  /** Why `steps` cannot be read here (when `steps` is undefined), e.g. "a var is computed before any step runs". */
  readonly stepsUnavailable: string;
  /**
   * Built-in roots (`run`, `workflow`) that have no value here, with the
   * reason: `run.id` is only known once the run starts, so a param default
   * cannot use it.
   */
  readonly unavailableRoots?: ReadonlyMap<string, string>;
  /**
   * Bare names the block declares that have no value here, with the reason:
   * a fan-out's item in a setting read once for the whole step.
   */
  readonly unavailableNames?: ReadonlyMap<string, string>;
  /**
   * The `for_each` items of the workflow's fan-out steps, each with the id of
   * the step that declares it: a name no scope knows that is one is told
   * where it is known (an item is in scope only in its own step).
   */
  readonly stepItems?: ReadonlyMap<string, string>;
  /**
   * The value written for a bare name in scope, when the run cannot change
   * it (a var's value): its items and fields are checked before the run
   * (`regions[5]` of a var set to a list of two is MF008).
   */
  readonly writtenValue?: WrittenValueOf;
  /** Whether the bare name `name` (in scope) has fields: a fan-out item from a JSON output (`item.name`). */
  readonly hasFields?: (name: Name) => boolean;
  /**
   * Told a bare name a reference left unfinished starts with (`p.`, reported
   * MF001): it is being read, as it is typed, so it counts as used (MF012).
   * Nothing is looked up or reported.
   */
  readonly readUnfinished?: (name: Name) => void;
  /**
   * Whose params and vars (or a command's parameters) the bare names are:
   * `params.x` naming none of them is said as no param of that workflow.
   */
  readonly declaredValues?: DeclaredValues;
  /**
   * The `for_each` of the step read in, when it fans out: its item, and the
   * step's id. An index (`${index}`, `loop.index`) read there is told the
   * step has its item alone.
   */
  readonly forEach?: { item: string; step: string };
  /** Told each built-in root (`run`, `workflow`) read here: a var that reads `run.*` is known only once the run starts. */
  readonly readRoot?: (root: string) => void;
}

/** Whether `name` is a bare name of `scope` (without resolving it: a lookup may report). */
export function isNameInScope(scope: ReferenceScope, name: string): boolean {
  for (const known of scope.names()) if (known === name) return true;
  return false;
}
