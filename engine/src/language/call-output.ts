import type { StepDeclaration, WorkflowDeclaration } from "./ast";
import { declaresJsonOutput } from "./output-format";
import { workflowCallOf } from "./workflow-call";

/** Finds a workflow in scope by name (a checked file's own and imported ones). */
export type WorkflowLookup = (name: string) => WorkflowDeclaration | undefined;

/**
 * The step whose `output:` decides what a step's output is. A step that calls
 * a workflow does nothing itself: the run hands on the output of the called
 * workflow's last step (a JSON value when that step declares `output: json`),
 * so that step decides — through nested calls, down to a step that calls none.
 * `through` names the called workflows on the way, outermost first (empty for
 * a step that calls none). An unknown workflow or a call cycle (MF040, MF042,
 * reported elsewhere) stops the search at the calling step.
 */
export function outputSource(
  step: StepDeclaration,
  workflowNamed: WorkflowLookup,
): { step: StepDeclaration; through: string[] } {
  const through: string[] = [];
  let current = step;
  for (;;) {
    const name = workflowCallOf(current)?.callee?.text;
    const last = name === undefined ? undefined : workflowNamed(name)?.steps?.at(-1);
    if (!name || !last || through.includes(name)) return { step: current, through };
    through.push(name);
    current = last;
  }
}

/**
 * Whether a step's output is JSON: it declares `output: json`, or calls a
 * workflow whose output is — also one whose last step fans out (`for_each`),
 * as the call then hands on the list of that step's instances' outputs.
 */
export function givesJsonOutput(step: StepDeclaration, workflowNamed: WorkflowLookup): boolean {
  const { step: source, through } = outputSource(step, workflowNamed);
  if (declaresJsonOutput(source)) return true;
  return through.length > 0 && source.properties?.some((p) => p.name?.text === "for_each") === true;
}

/**
 * What to write so that the output of `step` is JSON, as the end of an MF008
 * or MF017 message: `output: json` on the step itself or, for a step that
 * calls a workflow (which takes no `output`, MF041), on the called workflow's
 * last step.
 */
export function declareJsonHint(step: StepDeclaration, workflowNamed: WorkflowLookup): string {
  const { step: source, through } = outputSource(step, workflowNamed);
  const name = source.name?.text ?? "?";
  if (through.length === 0) return `declare \`output: json\` on step "${name}"`;
  return (
    `declare \`output: json\` on step "${name}" of workflow "${through.at(-1)}" ` +
    `(a call's output is its workflow's last step's)`
  );
}
