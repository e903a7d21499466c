/**
 * The environment variables an `env:` sets where a value is written: the
 * workflow's `env: { KEY: value }` and the step's own (a step's win over its
 * workflow's, as at run time).
 */
import type {
  MapEntry,
  Position,
  Property,
  SourceFile,
  StepDeclaration,
  WorkflowDeclaration,
} from "@momoflow/language";
import { contains } from "./range-contains";

/** One name an `env:` sets: its entry (key and value expression) and whose `env:` it is in. */
export interface EnvSetting {
  entry: MapEntry;
  owner: "workflow" | "step";
}

/** The names set by the step's `env:` and its workflow's, by name; the step's win. */
export function envSettings(
  workflow: WorkflowDeclaration | undefined,
  step: StepDeclaration | undefined,
): Map<string, EnvSetting> {
  const settings = new Map<string, EnvSetting>();
  for (const entry of entriesOf(step?.properties)) {
    if (entry.key?.text) settings.set(entry.key.text, { entry, owner: "step" });
  }
  for (const entry of entriesOf(workflow?.properties)) {
    const name = entry.key?.text;
    if (name && !settings.has(name)) settings.set(name, { entry, owner: "workflow" });
  }
  return settings;
}

/** The workflow and step whose text holds `position`. */
export function blocksAt(
  file: SourceFile,
  position: Position,
): { workflow?: WorkflowDeclaration; step?: StepDeclaration } {
  const workflow = file.workflows?.find((w) => w?.range && contains(w.range, position));
  const step = workflow?.steps?.find((s) => s?.range && contains(s.range, position));
  return { ...(workflow ? { workflow } : {}), ...(step ? { step } : {}) };
}

/** The name an `env:` of a step or a workflow sets, whose key is at `position`, if one is. */
export function envKeyAt(
  file: SourceFile,
  position: Position,
): (EnvSetting & { workflow: WorkflowDeclaration; step?: StepDeclaration }) | undefined {
  const { workflow, step } = blocksAt(file, position);
  if (!workflow) return undefined;
  const keyed = (entry: MapEntry): boolean =>
    !!entry.key?.range && contains(entry.key.range, position);
  const own = step && entriesOf(step.properties).find(keyed);
  if (own) return { entry: own, owner: "step", workflow, step };
  const shared = entriesOf(workflow.properties).find(keyed);
  return shared && { entry: shared, owner: "workflow", workflow };
}

function entriesOf(properties: Property[] | undefined): MapEntry[] {
  const env = properties?.find((p) => p?.name?.text === "env")?.value;
  return env?.kind === "map" ? (env.entries ?? []).filter((e): e is MapEntry => !!e) : [];
}
