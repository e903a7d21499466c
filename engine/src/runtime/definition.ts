import { duplicateIds } from "./duplicate-ids";
import { findCycles } from "./graph";
import { stepSettingProblems, workflowTimeoutProblem } from "./setting-problems";
import type { WorkflowStep } from "./step";

/** One problem found by {@link WorkflowDefinition.validate}. */
export interface DefinitionProblem {
  code:
    | "missing_id"
    | "empty"
    | "duplicate_id"
    | "unknown_need"
    | "unknown_reference"
    | "cycle"
    | "invalid_option"
    | "invalid_step";
  message: string;
  stepId?: string;
  /** For `cycle`: the path, first id repeated at the end. */
  cycle?: string[];
}

/** What a workflow is made of. */
export interface WorkflowDefinitionInit {
  id: string;
  name?: string;
  description?: string;
  version?: string;
  author?: string;
  steps: WorkflowStep[];
  /** Initial variables of every run (params, vars); a context's own values win. */
  variables?: Record<string, unknown>;
  /** How many steps may run at once. Default 1. */
  concurrency?: number;
  /** Undo completed steps when a step fails. Default true. */
  rollbackOnFailure?: boolean;
  /** The whole run fails after this long. */
  timeoutMs?: number;
  /** The file the workflow came from, recorded in the run record. */
  source?: string;
  /**
   * What each step runs as written, by step id: the digest of its definition
   * (`stepDefinitionDigests` of the language), recorded in the run record so
   * an editor can tell later whether a step changed since the run.
   */
  stepDefinitions?: Readonly<Record<string, string>>;
  /**
   * Values that are never written as they are: the run record, the progress
   * events and result.json show `***` in their place (`secret` params).
   */
  secrets?: readonly string[];
}

/** A workflow: steps with dependencies and the settings of its runs. */
export class WorkflowDefinition {
  /** Names the workflow and its runs (`<time>-<id>-<random>`); must not be empty. */
  readonly id: string;
  /** Default: the id. */
  readonly name: string;
  /** Default: `""`. */
  readonly description: string;
  /** Recorded with each run. Default `1.0.0` (see {@link versionDeclared}). */
  readonly version: string;
  /** Whether a version was given: false when {@link version} is the default. */
  readonly versionDeclared: boolean;
  /** Default: `""`. */
  readonly author: string;
  /** In declaration order: the order of the results, and of the run with `concurrency: 1`. */
  readonly steps: WorkflowStep[];
  /** Initial variables of every run; a context's own values win. */
  readonly variables: Record<string, unknown>;
  /** How many steps may run at once. Default 1. */
  readonly concurrency: number;
  /** Undo what the run did when a step fails. Default true. */
  readonly rollbackOnFailure: boolean;
  /** The whole run fails (and is undone) after this long; undefined: no limit. */
  readonly timeoutMs: number | undefined;
  /** The file the workflow came from, recorded in the run record. */
  readonly source: string | undefined;
  /** The digest of what each step runs as written (see {@link WorkflowDefinitionInit.stepDefinitions}). */
  readonly stepDefinitions: Readonly<Record<string, string>> | undefined;
  /** Values masked as `***` wherever a run writes (see {@link WorkflowDefinitionInit.secrets}). */
  readonly secrets: readonly string[];

  constructor(init: WorkflowDefinitionInit) {
    this.id = init.id;
    this.name = init.name ?? init.id;
    this.description = init.description ?? "";
    this.version = init.version ?? "1.0.0";
    this.versionDeclared = init.version !== undefined;
    this.author = init.author ?? "";
    this.steps = init.steps;
    this.variables = init.variables ?? {};
    this.concurrency = init.concurrency ?? 1;
    this.rollbackOnFailure = init.rollbackOnFailure ?? true;
    this.timeoutMs = init.timeoutMs;
    this.source = init.source;
    this.stepDefinitions = init.stepDefinitions;
    this.secrets = init.secrets ?? [];
  }

  /** Accepts a definition or a plain object of the same shape (e.g. from another copy of the library). */
  static from(value: WorkflowDefinition | WorkflowDefinitionInit): WorkflowDefinition {
    return value instanceof WorkflowDefinition ? value : new WorkflowDefinition(value);
  }

  /**
   * Every problem of the definition; empty when it can run. Besides the
   * graph's (ids, needs, cycles), settings no run can honour: a workflow's or
   * step's `timeoutMs` or `rollbackTimeoutMs` not above 0 (or not a number),
   * `retries` not a whole number of at least 0, a negative `retryDelayMs`.
   */
  validate(): DefinitionProblem[] {
    const problems: DefinitionProblem[] = [];
    if (typeof this.id !== "string" || this.id.trim() === "") {
      problems.push({
        code: "missing_id",
        message: `a workflow needs an id (it names its runs), got ${JSON.stringify(this.id) ?? String(this.id)}`,
      });
    }
    if (!Array.isArray(this.steps)) {
      // Untyped callers: nothing below can read steps that are not a list.
      const given =
        this.steps === null || typeof this.steps !== "object" ? String(this.steps) : "an object";
      problems.push({
        code: "invalid_option",
        message: `workflow "${this.id}": steps must be a list of steps, got ${given}`,
      });
      return problems;
    }
    if (this.steps.length === 0) {
      problems.push({ code: "empty", message: `workflow "${this.id}" has no steps` });
    }
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      problems.push({
        code: "invalid_option",
        message: `concurrency must be a whole number of at least 1, got ${this.concurrency}`,
      });
    }
    const timeoutProblem = workflowTimeoutProblem(this.id, this.timeoutMs);
    if (timeoutProblem) problems.push(timeoutProblem);
    const steps = this.steps;
    const ids = new Array<string>(steps.length);
    let anyNeeds = false;
    let anyReferences = false;
    let notSteps = false;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (typeof step?.execute !== "function") {
        problems.push(notAStep(step, i));
        notSteps = true;
        continue;
      }
      ids[i] = step.id;
      stepSettingProblems(step, problems);
      if (step.needs !== undefined && step.needs.length > 0) anyNeeds = true;
      if (step.referencedSteps !== undefined) anyReferences = true;
    }
    // The checks below read what steps hold.
    if (notSteps) return problems;
    for (const id of duplicateIds(ids)) {
      problems.push({ code: "duplicate_id", stepId: id, message: `duplicate step id "${id}"` });
    }
    const idSet = anyNeeds || anyReferences ? new Set(ids) : undefined;
    if (anyNeeds) this.unknownNeeds(idSet!, problems);
    if (anyReferences) this.unknownReferences(idSet!, problems);
    // Without any needs there can be no cycle: skip the graph walk.
    const cycles = anyNeeds ? findCycles(this.steps) : [];
    for (const cycle of cycles) {
      problems.push({
        code: "cycle",
        stepId: cycle[0],
        cycle,
        message: `dependency cycle: ${cycle.join(" → ")}`,
      });
    }
    return problems;
  }

  /**
   * Outputs read from steps the workflow does not have (`${steps.zz.output}`):
   * at run time they would only say that the step "has no output".
   */
  private unknownReferences(ids: ReadonlySet<string>, problems: DefinitionProblem[]): void {
    for (const step of this.steps) {
      for (const id of step.referencedSteps?.() ?? []) {
        if (ids.has(id)) continue;
        problems.push({
          code: "unknown_reference",
          stepId: step.id,
          message: `step "${step.id}" reads the output of "${id}" (\${steps.${id}.output}), which is not a step of "${this.id}"`,
        });
      }
    }
  }

  private unknownNeeds(ids: ReadonlySet<string>, problems: DefinitionProblem[]): void {
    for (const step of this.steps) {
      for (const need of step.needs ?? []) {
        if (!ids.has(need)) {
          problems.push({
            code: "unknown_need",
            stepId: step.id,
            message: `step "${step.id}" needs "${need}", which is not a step of "${this.id}"`,
          });
        }
      }
    }
  }
}

/** What untyped code put among the steps that is no step (a plain object, an id). */
function notAStep(value: unknown, index: number): DefinitionProblem {
  const id = (value as { id?: unknown } | null | undefined)?.id;
  const named =
    typeof id === "string"
      ? `step "${id}"`
      : `step ${index + 1} (${JSON.stringify(value) ?? String(value)})`;
  const problem: DefinitionProblem = {
    code: "invalid_step",
    message: `${named} is not a workflow step: it has no execute() method (extend BaseWorkflowStep, or give it execute(context, execution))`,
  };
  if (typeof id === "string") problem.stepId = id;
  return problem;
}
