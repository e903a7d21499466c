import { SHELL_NAMES } from "../../commands/shell-choice";
import { QUEUE_NAME_PATTERN } from "../../runtime/step";
import type { Expectation, StringForm } from "./expression-check";
import type { ValueType } from "./value-type";

/**
 * What a property's value is: a typed value (with the expectation its check
 * uses, built once), or one of the shapes with rules of their own (language.md §3–5).
 */
export type PropertyRole =
  | { kind: "value"; expectation: Expectation }
  | { kind: "action" }
  | { kind: "condition" }
  | { kind: "step-ids" }
  | { kind: "output-format" }
  | { kind: "workflow-name" }
  | { kind: "params" };

/** One property a block accepts. */
export interface PropertySpec {
  name: string;
  /** Its position in the table, where {@link BlockProperties} keeps the block's value. */
  slot: number;
  role: PropertyRole;
  /** MF014 when missing. */
  required?: boolean;
  /** What the property is for, in the MF014 message. */
  purpose?: string;
  /** Read when the workflow is compiled, before the run starts: no `run.*`, no step outputs. */
  readBeforeRun?: boolean;
  /** Checked by a rule of its own, not as a plain value (`for_each`: fan-out-check.ts). */
  ownCheck?: boolean;
  /** Read before the run, but by each instance of a fan-out step, with its item (`outputs`). */
  perInstance?: boolean;
}

/** The properties a kind of block accepts, by name. */
export type PropertyTable = ReadonlyMap<string, PropertySpec>;

/** How the tables below are written: a typed value is its type (and smallest number). */
type Definition =
  | {
      type: ValueType;
      min?: number;
      positive?: boolean;
      oneOf?: readonly string[];
      form?: StringForm;
      readBeforeRun?: boolean;
      ownCheck?: boolean;
      perInstance?: boolean;
    }
  | { role: Exclude<PropertyRole, { kind: "value" }>; required?: boolean; purpose?: string };

function table(definitions: Record<string, Definition>): PropertyTable {
  // A block keeps which properties it has as the bits of one 32-bit number.
  if (Object.keys(definitions).length > 31)
    throw new Error("a property table has at most 31 names");
  return new Map(
    Object.entries(definitions).map(([name, definition], slot): [string, PropertySpec] => {
      if ("role" in definition) return [name, { name, slot, ...definition }];
      const expectation: Expectation = { type: definition.type, what: `"${name}"` };
      if (definition.min !== undefined) expectation.min = definition.min;
      if (definition.positive) expectation.positive = true;
      if (definition.oneOf !== undefined) expectation.oneOf = definition.oneOf;
      if (definition.form !== undefined) expectation.form = definition.form;
      const spec: PropertySpec = { name, slot, role: { kind: "value", expectation } };
      if (definition.readBeforeRun) spec.readBeforeRun = true;
      if (definition.ownCheck) spec.ownCheck = true;
      if (definition.perInstance) spec.perInstance = true;
      return [name, spec];
    }),
  );
}

const action: Definition = { role: { kind: "action" } };
/** Where `runs_on:` sends a step: a name that becomes part of a Redis key. */
const QUEUE_NAME: StringForm = {
  pattern: QUEUE_NAME_PATTERN,
  name: "a queue name (letters, digits, _ . -, at most 64 of them)",
};
/** A deadline: zero would end what it bounds at once (MF007). */
const deadline: Definition = { type: "duration", positive: true };
/** The shell of shell actions: the workflow's is its steps' default. */
const shell: Definition = { type: "string", oneOf: SHELL_NAMES, readBeforeRun: true };
const run: Definition = {
  role: { kind: "action" },
  required: true,
  purpose: "the action to perform",
};

/** Properties of `workflow` (language.md §3). */
export const WORKFLOW_PROPERTIES: PropertyTable = table({
  description: { type: "string" },
  version: { type: "string" },
  author: { type: "string" },
  concurrency: { type: "int", min: 1 },
  rollback_on_failure: { type: "bool" },
  timeout: deadline,
  shell,
  // Environment variables of every step (MF030, MF031: environment-check.ts).
  env: { type: "map" },
});

/** Properties of `step` (language.md §4). */
export const STEP_PROPERTIES: PropertyTable = table({
  description: { type: "string" },
  needs: { role: { kind: "step-ids" } },
  run,
  rollback: action,
  when: { role: { kind: "condition" } },
  timeout: { ...deadline, readBeforeRun: true },
  rollback_timeout: { ...deadline, readBeforeRun: true },
  retries: { type: "int", min: 0, readBeforeRun: true },
  retry_delay: { type: "duration", readBeforeRun: true },
  continue_on_error: { type: "bool", readBeforeRun: true },
  shell,
  output: { role: { kind: "output-format" } },
  // Paths or globs relative to the working directory (a path, or a list of
  // them; MF020 for an empty or absolute one): the step is up to date when
  // its outputs are newer than its inputs. Each instance of a fan-out step
  // has its own, which may read its item.
  inputs: { type: "any", readBeforeRun: true, perInstance: true },
  outputs: { type: "any", readBeforeRun: true, perInstance: true },
  // `for_each: item in <items>` (MF017, MF019) and its bound (MF018): fan-out-check.ts.
  for_each: { type: "list", ownCheck: true },
  max_parallel: { type: "int", readBeforeRun: true },
  // Resolved when the step is due, like its run: env may read the outputs of
  // the steps it needs; workdir is relative to the workflow's working directory.
  env: { type: "map" },
  workdir: { type: "path" },
  // On workers (`run --on`): the queue of the workers that run it, and whether
  // a step whose worker was lost may run again elsewhere.
  runs_on: { type: "string", form: QUEUE_NAME, readBeforeRun: true },
  retry_on_lost_worker: { type: "bool", readBeforeRun: true },
});

/** Properties of `command` (language.md §3). */
export const COMMAND_PROPERTIES: PropertyTable = table({
  description: { type: "string" },
  run,
  rollback: action,
  timeout: deadline,
  // The deadline of the undo of a step calling the command (a step's own wins).
  rollback_timeout: deadline,
});

/** Properties of `test` (language.md §3). */
export const TEST_PROPERTIES: PropertyTable = table({
  workflow: {
    role: { kind: "workflow-name" },
    required: true,
    purpose: "the workflow the test runs",
  },
  params: { role: { kind: "params" } },
  fail: { role: { kind: "step-ids" } },
  rollback_on_failure: { type: "bool" },
  timeout: deadline,
  // A folder (or file), relative to the test's file, copied into the test's
  // working directory before the run.
  files: { type: "path" },
});

/** The kinds of block that have properties. */
export type PropertyBlock = "workflow" | "step" | "command" | "test";

/** Each block's table: what the editor looks up (completion, hover) for the block at hand. */
export const PROPERTY_TABLES: Readonly<Record<PropertyBlock, PropertyTable>> = {
  workflow: WORKFLOW_PROPERTIES,
  step: STEP_PROPERTIES,
  command: COMMAND_PROPERTIES,
  test: TEST_PROPERTIES,
};
