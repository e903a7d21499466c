import type { CallExpression, Expression, Property, Range, WorkflowDeclaration } from "../ast";
import { undoEffect, type ActionEffect } from "../action-effect";
import { calledEffects } from "../check/called-effects";
import { expressionText } from "../expression-text";
import { calledKnownLists, NO_KNOWN_LISTS, type KnownLists, type ListScope } from "../known-list";
import type { CommandSymbol, WorkflowSymbol } from "../scope";
import { asWorkflowCall, CALL_SEPARATOR } from "../workflow-call";
import { fanOutOf, type GraphFanOut } from "./fan-out-node";

export type { GraphFanOut } from "./fan-out-node";

/** A step as a node of the workflow's graph. */
export interface GraphStep {
  id: string;
  description?: string;
  /**
   * A rollback undoes it. A step that calls a workflow is as reversible as
   * the steps it calls (language.md, Reversibility): reversible when each of
   * them is reversible or has nothing to undo, and one at least is reversible;
   * irreversible when one of them is irreversible.
   */
  reversible: boolean;
  /** Nothing to undo (`rollback: none`, `log`, `sleep`...; a call whose steps all are): not irreversible either. */
  effectFree?: boolean;
  /** The step's `when` condition, written on one line (`region == "eu" && !dry_run`); for a call, it holds for every called step. */
  when?: string;
  /** Where the step's name is, in the file that declares the workflow. */
  range: Range;
  /** For a called workflow's step (`release/bump`): the file that declares it, when that is not the graph's. */
  file?: string;
  /** For a step with `for_each`: its items, and how many instances run at once. */
  forEach?: GraphFanOut;
  /** For a step with `run: workflow NAME(...)`: the workflow it calls (its steps are nodes `id/…`). */
  calls?: string;
}

/** The dependency graph of a workflow (`momoflow graph --format json`). */
export interface WorkflowGraph {
  workflow: string;
  file: string;
  nodes: GraphStep[];
  /** `from` must finish before `to` (`to` needs `from`). */
  edges: { from: string; to: string }[];
}

/**
 * Stands for the instance in the ids of the steps a `for_each` step calls
 * once per item: the graph draws them once, as `deploy[*]/bump`, where the
 * run has `deploy[0]/bump`, `deploy[1]/bump`…
 */
export const ANY_INSTANCE = "[*]";

/** What the graph of a workflow is built from. */
interface GraphInput {
  commands: ReadonlyMap<string, CommandSymbol>;
  workflows: ReadonlyMap<string, WorkflowSymbol>;
  nodes: GraphStep[];
  edges: WorkflowGraph["edges"];
}

/**
 * The graph of a workflow as written: steps, and an edge for each `needs`
 * entry that names a step. A step that calls a workflow is preceded by the
 * called workflow's steps (`release/bump`…, see language.md, Calling a
 * workflow): they wait for what the calling step needs, and it waits for
 * them; a call made once per item (`for_each`) has them once, named
 * `deploy[*]/bump`. Without `workflows`, a call is one node. `known`: what
 * the workflow's own list params hold (see given-param-lists.ts); none by
 * default, its fan-outs over them then `×N`.
 */
export function workflowGraph(
  decl: WorkflowDeclaration,
  file: string,
  commands: ReadonlyMap<string, CommandSymbol>,
  workflows: ReadonlyMap<string, WorkflowSymbol> = new Map(),
  known: KnownLists = NO_KNOWN_LISTS,
): WorkflowGraph {
  const input: GraphInput = { commands, workflows, nodes: [], edges: [] };
  const root = {
    prefix: "",
    rootNeeds: [],
    file,
    callers: [decl.name.text],
    known,
  };
  addSteps(decl, root, input);
  return { workflow: decl.name.text, file, nodes: input.nodes, edges: input.edges };
}

/** Where a workflow's steps go in the graph: its own, or called by a step. */
interface GraphUnit {
  prefix: string;
  rootNeeds: readonly string[];
  file: string;
  callers: readonly string[];
  /** The params whose lists are known: those the call gives written out (for the graph's own workflow, `--param` or a default). */
  known: KnownLists;
}

/** Adds the steps of `decl` as nodes; returns the ids of those no other step of it needs. */
function addSteps(decl: WorkflowDeclaration, unit: GraphUnit, input: GraphInput): string[] {
  const ids = new Set(decl.steps.map((s) => s.name.text));
  const needed = new Set<string>();
  for (const step of decl.steps) {
    const value = (name: string): Expression | undefined =>
      step.properties.find((p) => p.name.text === name)?.value;
    const id = unit.prefix + step.name.text;
    const needs = value("needs");
    const items = !needs ? [] : needs.kind === "list" ? needs.items : [needs];
    const own: string[] = [];
    for (const item of items) {
      const need =
        item.kind === "ref" && item.segments.length === 1 ? item.segments[0]!.text : undefined;
      if (need && ids.has(need)) {
        own.push(unit.prefix + need);
        needed.add(need);
      }
    }
    const from = own.length > 0 || items.length > 0 ? own : unit.rootNeeds;
    // A call made once per item is drawn once, its steps named for any instance: `deploy[*]/bump`.
    const scope = {
      decl,
      known: unit.known,
      item: step.properties.find((p) => p.name.text === "for_each")?.item?.text,
    };
    const fanOut = fanOutOf(step.properties, scope);
    const callId = fanOut ? `${id}${ANY_INSTANCE}` : id;
    const called = calledSteps(step.properties, callId, from, { unit, scope }, input);
    const call = asWorkflowCall(value("run"));
    const effect =
      called && call
        ? callEffect(id, call, unit, input)
        : undoEffect(value("run"), value("rollback"), input.commands);
    const node: GraphStep = { id, reversible: effect === "reversible", range: step.name.range };
    if (effect === "effect-free") node.effectFree = true;
    const when = value("when");
    if (when) node.when = expressionText(when);
    if (unit.prefix !== "") node.file = unit.file;
    if (fanOut) node.forEach = fanOut;
    if (call) node.calls = call.callee.text;
    const description = value("description");
    if (description?.kind === "string") {
      node.description = description.parts.map((p) => (p.kind === "text" ? p.value : "…")).join("");
    }
    input.nodes.push(node);
    for (const need of called ?? from) input.edges.push({ from: need, to: id });
  }
  return decl.steps.filter((s) => !needed.has(s.name.text)).map((s) => unit.prefix + s.name.text);
}

/**
 * What undoing a call of a workflow does: the calling step does nothing of
 * its own, and its called steps are undone as one unit (language.md, Calling
 * a workflow), so it is as reversible as they are, nested calls included, as
 * MF011 counts it: irreversible when one of them is (a rollback leaves that
 * one's effects), else reversible when one of them is, else nothing to undo.
 */
function callEffect(
  id: string,
  call: CallExpression,
  unit: GraphUnit,
  input: GraphInput,
): ActionEffect {
  const found = calledEffects(id, call, input.workflows, input.commands, new Set(unit.callers));
  if (found.irreversible) return "irreversible";
  return found.reversible ? "reversible" : "effect-free";
}

/**
 * The steps a step's `run: workflow NAME(...)` calls, added before it: the
 * ids of the last of them (what the calling step waits for); undefined when
 * the step calls no known workflow, or one already on the call path.
 * `caller.scope`: where the call's arguments are read, so that a list they
 * give written out sizes the called steps' fan-outs (`×3`), nested calls too.
 */
function calledSteps(
  properties: readonly Property[],
  id: string,
  needs: readonly string[],
  caller: { unit: GraphUnit; scope: ListScope },
  input: GraphInput,
): string[] | undefined {
  const { unit, scope } = caller;
  const call = asWorkflowCall(properties.find((p) => p.name.text === "run")?.value);
  const callee = call && input.workflows.get(call.callee.text);
  if (!callee || unit.callers.includes(callee.name)) return undefined;
  const child: GraphUnit = {
    prefix: id + CALL_SEPARATOR,
    rootNeeds: needs,
    file: callee.path,
    callers: [...unit.callers, callee.name],
    known: calledKnownLists(call, scope, callee.decl),
  };
  return addSteps(callee.decl, child, input);
}
