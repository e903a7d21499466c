/**
 * The declarations of the document's tree that the cursor is in, found from
 * the blocks the completion scanner saw open before it: the tree knows what
 * the text after the cursor holds (the steps declared below, the properties
 * already set further down), the scanner knows where the cursor is.
 */
import type {
  CommandDeclaration,
  Declaration,
  StepDeclaration,
  TestDeclaration,
  WorkflowDeclaration,
  FileScope,
  WorkflowSymbol,
} from "@momoflow/language";
import type { PositionMap } from "./cursor-context";
import type { BlockFrame } from "./scan-state";

/** The declarations around the cursor. */
export interface Enclosing {
  workflow?: WorkflowDeclaration;
  step?: StepDeclaration;
  command?: CommandDeclaration;
  test?: TestDeclaration;
  /** The workflow a test runs (its `workflow:`), declared here or imported. */
  testedWorkflow?: WorkflowSymbol;
}

/** Finds the tree's declarations for the scanner's `blocks` (outermost first) in `declaration`. */
export function findEnclosing(
  declaration: Declaration | undefined,
  blocks: readonly BlockFrame[],
  scope: FileScope,
  positions: PositionMap,
): Enclosing {
  const enclosing: Enclosing = {};
  if (!declaration || blocks.length === 0) return enclosing;
  const outer = blocks[0]!;
  if (declaration.kind === "workflow" && outer.block === "workflow") {
    enclosing.workflow = declaration;
    const inner = blocks[1];
    if (inner?.block === "step" && inner.name !== undefined) {
      const steps = declaration.steps ?? [];
      enclosing.step =
        steps.find((s) => s.name && positions.offsetAt(s.name.range.start) === inner.nameOffset) ??
        steps.find((s) => s.name?.text === inner.name);
    }
  } else if (declaration.kind === "command" && outer.block === "command") {
    enclosing.command = declaration;
  } else if (declaration.kind === "test" && outer.block === "test") {
    enclosing.test = declaration;
    const name = testedWorkflowName(declaration);
    const tested = name === undefined ? undefined : scope.workflows.get(name);
    if (tested) enclosing.testedWorkflow = tested;
  }
  return enclosing;
}

/** The name a test's `workflow:` gives. */
export function testedWorkflowName(test: TestDeclaration): string | undefined {
  const value = test.properties?.find((p) => p?.name?.text === "workflow")?.value;
  return value?.kind === "ref" && value.segments.length === 1 ? value.segments[0]!.text : undefined;
}

/** The step ids of a workflow in declaration order, each once. */
export function stepIds(workflow: WorkflowDeclaration | undefined): string[] {
  const ids = new Set<string>();
  for (const step of workflow?.steps ?? []) if (step?.name?.text) ids.add(step.name.text);
  return [...ids];
}
