/**
 * What a check of one workflow keeps so that the next check, after an edit
 * inside one of its steps, re-checks that step alone: each step's
 * diagnostics (where they lie in the sink), the ids, the `needs` graph and
 * what the other steps' rules read of each step. The next check reuses it
 * only where its result is provably that of a full check: an edit that left
 * every other node of the file as it was (the same objects, the steps after
 * it moved by whole lines: their diagnostics are read moved as much), the
 * same names in scope, and the edited step's id, `needs`, output kind and
 * fan-out as they were. Anything else is checked in full.
 */
import type { Name, StepDeclaration, WorkflowDeclaration } from "../ast";
import type { Diagnostic } from "../diagnostic";
import type { CommandSymbol, ParsedDocument, WorkflowSymbol } from "../scope";
import type { ActionEffect } from "./action-check";
import type { BlockProperties } from "./block-properties";
import type { DiagnosticSink } from "./diagnostic-sink";
import { type LineShift, shiftDiagnostic } from "./line-shift";
import type { NeedEdge, StepGraph } from "./step-graph";
import type { StepIndex } from "./step-ids";

/** Where each step's diagnostics of one kind begin in a sink's list; item `steps` is where the last ends. */
export type StepStarts = Int32Array;

/** One workflow's check, as the next check of an edit inside one of its steps reuses it. */
export interface WorkflowCheckMemo {
  workflow: WorkflowDeclaration;
  path: string;
  quickFixData: boolean;
  /** The names in scope of the check: the same symbols, or no reuse. */
  commands: ReadonlyMap<string, CommandSymbol>;
  workflows: ReadonlyMap<string, WorkflowSymbol>;
  steps: readonly StepDeclaration[];
  properties: readonly BlockProperties[];
  index: StepIndex<number>;
  graph: StepGraph;
  jsonSteps: ReadonlySet<string>;
  fanOutSteps: ReadonlySet<string>;
  /** Per step: 1 when it gives JSON output (it is in `jsonSteps` for it). */
  json: Uint8Array;
  /** Per step: 1 when it fans out (it is in `fanOutSteps` for it). */
  fanOut: Uint8Array;
  /** Per step: what its action leaves behind (MF011). */
  effects: readonly ActionEffect[];
  /** The steps that call a workflow: their checks read other workflows (no reuse but of the one edited). */
  callers: readonly number[];
  /** Per step: the names of the params and vars its references find (MF012). */
  uses: readonly (readonly string[])[];
  /** The sink's list the starts point into. */
  diagnostics: readonly Diagnostic[];
  /** Each step's diagnostics of its properties. */
  propertyStarts: StepStarts;
  /** Each step's diagnostics of its `needs`. */
  needStarts: StepStarts;
  /** Each step's diagnostics of its own check. */
  checkStarts: StepStarts;
  /** The ids' MF004, then the MF003 of the cycles: [start, end) of each. */
  ids: [number, number];
  cycles: [number, number];
}

const memos = new WeakMap<WorkflowDeclaration, WorkflowCheckMemo>();

/** Keeps `memo` for the next check of an edit of its workflow. */
export function rememberWorkflowCheck(memo: WorkflowCheckMemo): void {
  memos.set(memo.workflow, memo);
}

/**
 * The workflow of `document` that an edit changed since `previous`, with
 * its version there: every other declaration of the file is the same
 * object (an incremental re-parse kept it). Undefined otherwise.
 */
export function editedWorkflow(
  previous: ParsedDocument | undefined,
  document: ParsedDocument,
): { before: WorkflowDeclaration; after: WorkflowDeclaration } | undefined {
  if (!previous || previous.path !== document.path) return undefined;
  const before = previous.file.declarations;
  const after = document.file.declarations;
  if (before.length !== after.length) return undefined;
  let edited = -1;
  for (let i = 0; i < after.length; i++) {
    if (before[i] === after[i]) continue;
    if (edited >= 0) return undefined;
    edited = i;
  }
  if (edited < 0) return undefined;
  const old = before[edited];
  const now = after[edited];
  if (old?.kind !== "workflow" || now?.kind !== "workflow") return undefined;
  return { before: old, after: now };
}

/** What the check of `workflow` may reuse: `memo`, all but step number `at`. */
export interface ReusableCheck {
  memo: WorkflowCheckMemo;
  at: number;
  /** The lines the edit added or removed; undefined when no line moved. */
  shift: LineShift | undefined;
}

/**
 * The check of `previous` (`workflow` before an edit) as far as it holds
 * for `workflow`: one step replaced by one that begins on the same line,
 * every other node the same (those after it moved by whole lines, as an
 * incremental re-parse moves them), the same names in scope. Undefined
 * otherwise.
 */
export function reusableCheck(
  previous: WorkflowDeclaration,
  workflow: WorkflowDeclaration,
  sink: DiagnosticSink,
  commands: ReadonlyMap<string, CommandSymbol>,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
): ReusableCheck | undefined {
  const memo = memos.get(previous);
  if (
    !memo ||
    memo.path !== sink.path ||
    memo.quickFixData !== sink.quickFixData ||
    !sameShape(previous, workflow)
  )
    return undefined;
  const at = oneStepReplaced(memo.steps, workflow.steps);
  if (at < 0) return undefined;
  const before = memo.steps[at]!.range;
  const after = workflow.steps[at]!.range;
  // The steps before it stand where they were; those after it moved by whole lines.
  if (before.start.line !== after.start.line) return undefined;
  const by = after.end.line - before.end.line;
  const shift = by === 0 ? undefined : { after: before.end.line, by };
  if (!oneMemberReplaced(previous.members, workflow.members, memo.steps[at]!, workflow.steps[at]!))
    return undefined;
  // Steps that call workflows read them: only the edited one may.
  for (const caller of memo.callers) if (caller !== at) return undefined;
  if (!sameCommands(memo.commands, commands)) return undefined;
  if (!sameWorkflows(memo.workflows, workflows, previous, workflow)) return undefined;
  return { memo, at, shift };
}

/** Every property of the two workflow nodes the same but their steps and members. */
function sameShape(before: WorkflowDeclaration, after: WorkflowDeclaration): boolean {
  const keys = Object.keys(after) as (keyof WorkflowDeclaration)[];
  if (keys.length !== Object.keys(before).length) return false;
  for (const key of keys) {
    if (key === "steps" || key === "members") continue;
    if (before[key] !== after[key]) return false;
  }
  return true;
}

/** The index of the one step of `after` that is not the one of `before` there, or -1. */
function oneStepReplaced(
  before: readonly StepDeclaration[],
  after: readonly (StepDeclaration | undefined)[],
): number {
  if (before.length !== after.length) return -1;
  let at = -1;
  for (let i = 0; i < after.length; i++) {
    if (before[i] === after[i]) continue;
    if (at >= 0 || after[i] === undefined) return -1;
    at = i;
  }
  return at;
}

function oneMemberReplaced(
  before: readonly unknown[],
  after: readonly unknown[],
  oldStep: StepDeclaration,
  newStep: StepDeclaration,
): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < after.length; i++) {
    if (before[i] === after[i]) continue;
    if (before[i] !== oldStep || after[i] !== newStep) return false;
  }
  return true;
}

function sameCommands(
  before: ReadonlyMap<string, CommandSymbol>,
  after: ReadonlyMap<string, CommandSymbol>,
): boolean {
  if (before.size !== after.size) return false;
  for (const [name, symbol] of after) {
    const old = before.get(name);
    if (!old || old.kind !== symbol.kind || old.name !== symbol.name) return false;
    if (old.kind === "builtin" && old.signature !== (symbol as typeof old).signature) return false;
    if (
      old.kind === "declared" &&
      (old.decl !== (symbol as typeof old).decl || old.path !== (symbol as typeof old).path)
    )
      return false;
  }
  return true;
}

/** The same workflows in scope, the edited one standing for its previous version. */
function sameWorkflows(
  before: ReadonlyMap<string, WorkflowSymbol>,
  after: ReadonlyMap<string, WorkflowSymbol>,
  previous: WorkflowDeclaration,
  workflow: WorkflowDeclaration,
): boolean {
  if (before.size !== after.size) return false;
  for (const [name, symbol] of after) {
    const old = before.get(name);
    if (!old || old.name !== symbol.name || old.path !== symbol.path) return false;
    if (old.decl !== symbol.decl && !(old.decl === previous && symbol.decl === workflow))
      return false;
  }
  return true;
}

/** The same known `needs` of a step, at the same places: the graph and its cycles stand. */
export function sameEdges(before: readonly NeedEdge[], after: readonly NeedEdge[]): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < after.length; i++) {
    const a = before[i]!;
    const b = after[i]!;
    if (a.to !== b.to || a.from !== b.from || !sameName(a.name, b.name)) return false;
  }
  return true;
}

/** The same name text at the same place (both absent counts as the same). */
export function sameName(a: Name | undefined, b: Name | undefined): boolean {
  if (!a || !b) return a === b;
  const x = a.range;
  const y = b.range;
  return (
    a.text === b.text &&
    x.start.line === y.start.line &&
    x.start.character === y.start.character &&
    x.end.line === y.end.line &&
    x.end.character === y.end.character
  );
}

/**
 * Reports into `sink` the diagnostics of `from` between `starts[0]` and
 * `starts[last]` (moved by `shift`), those of step `at` made afresh by
 * `fresh` instead; returns where each step's now begin.
 */
export function spliceStep(
  sink: DiagnosticSink,
  from: readonly Diagnostic[],
  starts: StepStarts,
  at: number,
  shift: LineShift | undefined,
  fresh: () => void,
): StepStarts {
  const out = sink.diagnostics;
  const result = new Int32Array(starts.length);
  const before = out.length - starts[0]!;
  copy(out, from, starts[0]!, starts[at]!, shift);
  for (let i = 0; i <= at; i++) result[i] = starts[i]! + before;
  fresh();
  const last = starts.length - 1;
  const after = out.length - starts[at + 1]!;
  copy(out, from, starts[at + 1]!, starts[last]!, shift);
  for (let i = at + 1; i <= last; i++) result[i] = starts[i]! + after;
  return result;
}

/** Reports into `sink` the diagnostics of `from` in [start, end) (moved by `shift`); returns where they now lie. */
export function copyRange(
  sink: DiagnosticSink,
  from: readonly Diagnostic[],
  [start, end]: [number, number],
  shift: LineShift | undefined,
): [number, number] {
  const out = sink.diagnostics;
  const begin = out.length;
  copy(out, from, start, end, shift);
  return [begin, out.length];
}

/** Pushes `from[start..end)` onto `out`, each moved by `shift` (new objects: the old stay as they were). */
function copy(
  out: Diagnostic[],
  from: readonly Diagnostic[],
  start: number,
  end: number,
  shift: LineShift | undefined,
): void {
  if (!shift) for (let i = start; i < end; i++) out.push(from[i]!);
  else for (let i = start; i < end; i++) out.push(shiftDiagnostic(from[i]!, shift));
}
