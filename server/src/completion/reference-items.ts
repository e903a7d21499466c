/**
 * What a reference may name where it is written (language.md §2 and the
 * scoping rules of docs/language.md): the params and vars of the workflow (or
 * the parameters of the command), and the built-in roots `env.`, `run.`,
 * `workflow.` and `steps.`, then their fields after a dot; and step ids, in
 * `needs`, a test's `fail`, `expect step`/`output`, and `steps.<id>`; and
 * what a test names: workflow names after a test's `workflow:` and the keys
 * of its `params` map.
 */
import { basename } from "node:path";
import { type Command, CompletionItemKind } from "vscode-languageserver/node";
import {
  type ParamDeclaration,
  type VarDeclaration,
  PROPERTY_TABLES,
  BUILTIN_FIELDS,
  type StepDeclaration,
  type WorkflowDeclaration,
  type FileScope,
  workflowSteps,
  givesJsonOutput,
  type WorkflowLookup,
  fansOut,
  stepOutputFieldIn,
  type StepOutputField,
} from "@momoflow/language";
import { declaredParameter, propertyText } from "../analysis/declaration-text";
import {
  BUILTIN_REFERENCE_DOCS,
  FAN_OUT_OUTPUTS_DOC,
  INSTANCE_OUTPUT_DOC,
  ROOT_DOCS,
  STEP_OUTPUT_DOC,
  STEP_STATUS_DOC,
} from "../language-docs";
import type { SourceReader } from "../session/workspace-files";
import type { PositionMap } from "../cursor/cursor-context";
import type { Enclosing } from "../cursor/enclosing-declarations";
import { type ItemBuilder, SUGGEST_AGAIN } from "./item-builder";
import { addFanOutItem, addPathFunctions, writtenForEachItems } from "./fan-out-items";
import { addEnvNames } from "./env-items";
import { addJsonValueItems, addRecordedJsonFields, type IndexCompletion } from "./json-field-items";
import {
  forEachItemValueAt,
  isForEachItem,
  type NamedValues,
  writtenValueAt,
} from "../analysis/written-value";
import type { ValueSite } from "../cursor/scan-state";

/** Where the references are written. */
export interface ReferencePlace {
  site: ValueSite;
  enclosing: Enclosing;
  positions: PositionMap;
  /** The file being completed, and how to read its text. */
  path: string;
  source: SourceReader;
  /** The workflows in scope by name (a call's output is its workflow's). */
  workflowNamed: WorkflowLookup;
}

/** How an item is written: as code, inside `${...}`, or as a whole `${...}` after a `$`. */
export type ReferenceStyle = "code" | "interpolation" | "dollar";

type Root = "env" | "run" | "workflow" | "steps";

/** Whether `site` reads values before the run starts (no `run.*`, no step outputs). */
function beforeRun(site: ValueSite): boolean {
  switch (site.kind) {
    case "workflow-property":
    case "workflow-param":
      return true;
    case "step":
      return PROPERTY_TABLES.step.get(site.property)?.readBeforeRun === true;
    default:
      return false;
  }
}

/** The roots usable at `site`. */
function roots(site: ValueSite): Root[] {
  if (site.kind === "test") return ["env"];
  const available: Root[] = ["env"];
  if (!beforeRun(site)) available.push("run");
  available.push("workflow");
  if (site.kind === "step" && !beforeRun(site)) available.push("steps");
  return available;
}

/** The params and vars (or command parameters) a bare name may mean at the place. */
function names(place: ReferencePlace): (ParamDeclaration | VarDeclaration)[] {
  const { site, enclosing, positions } = place;
  const workflow = enclosing.workflow;
  const declaredBefore = (decl: ParamDeclaration | VarDeclaration, offset: number): boolean =>
    decl.name !== undefined && positions.offsetAt(decl.name.range.start) < offset;
  switch (site.kind) {
    case "workflow-property":
    case "step":
      return [...(workflow?.params ?? []), ...(workflow?.vars ?? [])];
    case "workflow-param":
      return (workflow?.params ?? []).filter((p) => declaredBefore(p, site.nameOffset));
    case "workflow-var":
      return [
        ...(workflow?.params ?? []),
        ...(workflow?.vars ?? []).filter((v) => declaredBefore(v, site.nameOffset)),
      ];
    case "command":
      return enclosing.command?.params ?? [];
    case "command-param":
    case "test":
      return [];
  }
}

/** `param target: string = "staging"`, `var out = "build"`, as written (on one line, shortened). */
function declarationText(
  decl: ParamDeclaration | VarDeclaration,
  place: ReferencePlace,
  inCommand: boolean,
): string {
  if (decl.kind === "param")
    return `${inCommand ? "" : "param "}${declaredParameter(decl, place.path, place.source)}`;
  const value = decl.value && place.source(place.path, decl.value.range);
  const text = value?.replace(/\s+/g, " ");
  const shown = text && text.length > 60 ? `${text.slice(0, 59)}…` : text;
  return `var ${decl.name.text}${shown ? ` = ${shown}` : ""}`;
}

function wrap(text: string, style: ReferenceStyle): string {
  return style === "dollar" ? `\${${text}}` : text;
}

/** The start of a reference: names in scope, then the roots. */
export function addReferenceStart(
  builder: ItemBuilder,
  place: ReferencePlace,
  style: ReferenceStyle,
): void {
  const inCommand = place.site.kind === "command";
  addFanOutItem(builder, place.site, place.enclosing.step, (name) => wrap(name, style));
  if (style === "interpolation") addPathFunctions(builder);
  for (const decl of names(place)) {
    const name = decl.name?.text;
    if (!name) continue;
    builder.add(name, CompletionItemKind.Variable, {
      insert: wrap(name, style),
      detail: declarationText(decl, place, inCommand),
      documentation: decl.doc,
      ...(style === "dollar" ? { filterText: `$${name}` } : {}),
    });
  }
  for (const root of roots(place.site)) {
    const { detail, doc } = ROOT_DOCS[root];
    builder.add(root, CompletionItemKind.Module, {
      insert: style === "dollar" ? `\${${root}.` : `${root}.`,
      ...(style === "dollar" ? { snippet: `\\\${${root}.$1}`, filterText: `$${root}` } : {}),
      detail,
      documentation: doc,
      group: 1,
      command: SUGGEST_AGAIN,
    });
  }
}

/**
 * The params in scope, for `params.` written before them as other tools'
 * languages read params (`${params.|`): each item replaces the `params.` too,
 * as a param is written by its name alone. False, adding nothing, where a
 * param, var or item is called `params` itself (then `params.` reads it).
 */
export function addParamsByName(builder: ItemBuilder, place: ReferencePlace): boolean {
  const declared = names(place);
  if (declared.some((decl) => decl.name?.text === "params")) return false;
  const forEach = place.enclosing.step?.properties?.find((p) => p?.name?.text === "for_each");
  if (forEach?.item?.text === "params") return false;
  const inCommand = place.site.kind === "command";
  for (const decl of declared) {
    const name = decl.name?.text;
    if (decl.kind !== "param" || !name) continue;
    builder.add(name, CompletionItemKind.Variable, {
      detail: declarationText(decl, place, inCommand),
      documentation: decl.doc,
      filterText: `params.${name}`,
    });
  }
  return true;
}

/**
 * The next segment after `segments` (`steps.` → step ids, `steps.x.` →
 * `output`, `run.` → `id`, `dir`, `workflow.` → `name`). `dotFollows`: the
 * text after the word goes on with a `.` (a step id is then written alone).
 */
export function addReferenceField(
  builder: ItemBuilder,
  place: ReferencePlace,
  segments: readonly string[],
  dotFollows: boolean,
): void {
  const [root, second] = segments;
  if (root && addNamedValueItems(builder, place, segments)) return;
  if (!root || !(roots(place.site) as string[]).includes(root)) return;
  if (root === "steps") {
    if (segments.length === 1) {
      const { workflow, step } = place.enclosing;
      const inRollback = place.site.kind === "step" && place.site.property === "rollback";
      // A `when` reads a step's status as often as its output: the id comes alone, then both are offered.
      const inWhen = place.site.kind === "step" && place.site.property === "when";
      const field = (id: string): string => outputFieldOf(place, id);
      addStepIds(
        builder,
        workflow,
        readableSteps(workflow, step, inRollback),
        (id) => (dotFollows ? id : inWhen ? `${id}.` : `${id}.${field(id)}`),
        inWhen && !dotFollows ? SUGGEST_AGAIN : undefined,
      );
    } else if (segments.length >= 3 && second && isOutputField(segments[2])) {
      addJsonFields(builder, place, second, segments[2], segments.slice(3));
    } else if (segments.length === 2 && second) {
      const field = outputFieldOf(place, second);
      builder.add(field, CompletionItemKind.Field, {
        detail: `steps.${second}.${field}`,
        documentation: outputFieldDoc(place, second, field),
      });
      // A step's status is read only in a `when` (it makes the step a handler).
      if (place.site.kind === "step" && place.site.property === "when")
        builder.add("status", CompletionItemKind.Field, {
          detail: `steps.${second}.status`,
          documentation: STEP_STATUS_DOC,
        });
    }
    return;
  }
  if (root === "env" && segments.length === 1) {
    const { workflow, step } = place.enclosing;
    addEnvNames(builder, workflow, step, (range) => place.source(place.path, range));
  }
  const fields = segments.length === 1 ? BUILTIN_FIELDS.get(root) : undefined;
  for (const [field, type] of fields ?? []) {
    builder.add(field, CompletionItemKind.Field, {
      detail: `${root}.${field}: ${type}`,
      documentation: BUILTIN_REFERENCE_DOCS[`${root}.${field}`],
    });
  }
}

/**
 * After a `[` that follows a reference (`steps.stats.output.sites[`,
 * `steps.convert.outputs[`): the indexes of the list it reads, by
 * {@link addJsonFields}; after a param's or var's (`samples[`), those of
 * the list it is written with (see {@link addNamedValueItems}).
 * `closeFollows`: a `]` follows the cursor already.
 */
export function addReferenceIndex(
  builder: ItemBuilder,
  place: ReferencePlace,
  segments: readonly string[],
  closeFollows: boolean,
): void {
  if (addNamedValueItems(builder, place, segments, { closeFollows })) return;
  const [root, id, field] = segments;
  if (root !== "steps" || !id || !isOutputField(field)) return;
  if (!(roots(place.site) as string[]).includes(root)) return;
  addJsonFields(builder, place, id, field, segments.slice(3), closeFollows);
}

/**
 * After `samples[`, `config.` or `config.sites[0].`, where the first name is
 * a param, var or command parameter in scope: the indexes or fields of the
 * value it is written with — a var's value, a param's default (which a run
 * may replace) — as {@link addJsonValueItems} offers a recorded output's.
 * Nothing for a value the file does not write out (it is known in the run).
 * False when the name is none of those, for the other readers to try.
 */
function addNamedValueItems(
  builder: ItemBuilder,
  place: ReferencePlace,
  segments: readonly string[],
  index?: IndexCompletion,
): boolean {
  const [root, ...path] = segments;
  const declared = names(place);
  if (root && addForEachItemValueItems(builder, place, declared, root, path, index)) return true;
  if (!root || !declared.some((d) => d?.name?.text === root)) return false;
  const written = writtenValueAt(declared, root, []);
  if (written)
    addJsonValueItems(builder, written.value, { written: root, path, index }, written.where);
  return true;
}

/**
 * After `site.` or `site[0].`, where `site` is the item of the step's
 * `for_each` over a list a param or var is written with (`for_each: site in
 * config.sites`): the fields of its first item, as for that list's own
 * `[0]`. False when `root` is no such item.
 */
function addForEachItemValueItems(
  builder: ItemBuilder,
  place: ReferencePlace,
  declared: NamedValues,
  root: string,
  path: readonly string[],
  index: IndexCompletion | undefined,
): boolean {
  const step = place.enclosing.step;
  if (!isForEachItem(step, root)) return false;
  const first = forEachItemValueAt(declared, step, root, []);
  if (first) addJsonValueItems(builder, first.value, { written: root, path, index }, first.where);
  return true;
}

/**
 * The field that reads step `id`'s value where the references are written:
 * `output`, or a fan-out step's `outputs` — but `output` in its own
 * rollback, the output of the instance being undone (the checker's MF021 rule).
 */
function outputFieldOf(place: ReferencePlace, id: string): StepOutputField {
  const target = place.enclosing.workflow?.steps?.find((s) => s?.name?.text === id);
  if (!target) return "output";
  const property = place.site.kind === "step" ? place.site.property : undefined;
  return stepOutputFieldIn(target, place.enclosing.step, property);
}

function isOutputField(field: string | undefined): field is StepOutputField {
  return field === "output" || field === "outputs";
}

/** What `steps.<id>.<field>` holds, for its completion item. */
function outputFieldDoc(place: ReferencePlace, id: string, field: StepOutputField): string {
  if (field === "outputs") return FAN_OUT_OUTPUTS_DOC;
  const target = place.enclosing.workflow?.steps?.find((s) => s?.name?.text === id);
  return target && fansOut(target) ? INSTANCE_OUTPUT_DOC : STEP_OUTPUT_DOC;
}

/**
 * The fields of step `id`'s JSON output at `path` (after `steps.<id>.output.`,
 * or a fan-out's `steps.<id>.outputs.`), as the workflow's latest finished
 * run recorded them: a step whose output is not JSON (no `output: json`, nor
 * a call of a workflow whose output is), or no recorded run, gives nothing.
 * With `closeFollows` given (after a `[`), the indexes of the list there
 * instead: a fan-out's instances (`outputs[`, whose outputs may be text too).
 */
function addJsonFields(
  builder: ItemBuilder,
  place: ReferencePlace,
  id: string,
  field: string,
  path: readonly string[],
  closeFollows?: boolean,
): void {
  const decl = place.enclosing.workflow;
  const workflow = decl?.name?.text;
  const step = decl?.steps?.find((s) => s?.name?.text === id);
  if (!workflow || !step) return;
  if (field === "outputs" && !fansOut(step)) return;
  const instances = closeFollows !== undefined && field === "outputs" && path.length === 0;
  if (!instances && !givesJsonOutput(step, place.workflowNamed)) return;
  addRecordedJsonFields(builder, {
    source: place.path,
    workflow,
    stepId: id,
    written: `steps.${id}.${field}`,
    path,
    // A fan-out's record holds its instances' outputs; its own rollback reads one of them.
    instance: field === "output" && fansOut(step),
    ...(closeFollows === undefined
      ? {}
      : {
          index: {
            closeFollows,
            ...(instances ? { unrecorded: writtenForEachItems(step, decl!) } : {}),
          },
        }),
  });
}

/** Adds the ids of `workflow`'s steps that `keep` accepts; `insert` writes each (default: the id). */
export function addStepIds(
  builder: ItemBuilder,
  workflow: WorkflowDeclaration | undefined,
  keep: (id: string) => boolean,
  insert: (id: string) => string = (id) => id,
  command?: Command,
): void {
  for (const step of workflow?.steps ?? []) {
    const id = step?.name?.text;
    if (!id || !keep(id)) continue;
    builder.add(id, CompletionItemKind.Reference, {
      insert: insert(id),
      ...(command ? { command } : {}),
      detail: `step ${id} of ${workflow!.name?.text ?? "the workflow"}`,
      documentation: step.doc ?? propertyText(step.properties, "description"),
    });
  }
}

/** Keeps every step id but those of `exclude`. */
export function allBut(exclude: Iterable<string>): (id: string) => boolean {
  const excluded = new Set(exclude);
  return (id) => !excluded.has(id);
}

/**
 * The ids `step` may add to its `needs` (beside those `listed` already): no
 * step that would make a cycle — itself, or one that needs it — by the
 * checker's own graph of the workflow (MF003).
 */
export function needableSteps(
  workflow: WorkflowDeclaration | undefined,
  step: StepDeclaration | undefined,
  listed: Iterable<string>,
): (id: string) => boolean {
  const excluded = new Set(listed);
  const located = locate(workflow, step);
  if (!located) {
    if (step?.name?.text) excluded.add(step.name.text);
    return (id) => !excluded.has(id);
  }
  const { graph, ids, at } = located;
  return (id) => !excluded.has(id) && !graph.wouldCycle(at, ids.get(id)!);
}

/**
 * The ids whose output `step` may read in `${steps.<id>.output}`: the steps
 * it needs, directly or not, and itself in its rollback — the checker's rule
 * for MF010, asked of the checker's graph.
 */
export function readableSteps(
  workflow: WorkflowDeclaration | undefined,
  step: StepDeclaration | undefined,
  inRollback: boolean,
): (id: string) => boolean {
  const located = locate(workflow, step);
  if (!located) {
    // No step to ask about (its name is still being written): any but its own.
    const current = step?.name?.text;
    return (id) => inRollback || id !== current;
  }
  const { graph, ids, at } = located;
  return (id) => graph.mayRead(at, ids.get(id)!, inRollback);
}

/** The workflow's graph and `step`'s number in it, when the step is one of the workflow's. */
function locate(workflow: WorkflowDeclaration | undefined, step: StepDeclaration | undefined) {
  if (!workflow || !step) return undefined;
  const { steps, index, graph } = workflowSteps(workflow);
  const at = steps.indexOf(step);
  return at < 0 ? undefined : { graph, ids: index.ids, at };
}

// ------------------------------------------------- what a test or an import names

/** Every workflow in scope: the file's own, then the imported ones. */
export function addWorkflowNames(
  builder: ItemBuilder,
  scope: FileScope,
  leaveOut: (name: string) => boolean = () => false,
): void {
  for (const symbol of scope.workflows.values()) {
    if (leaveOut(symbol.name)) continue;
    const own = symbol.path === scope.path;
    builder.add(symbol.name, CompletionItemKind.Class, {
      detail: own ? "workflow" : `workflow in ${basename(symbol.path)}`,
      documentation: symbol.decl.doc,
      group: own ? 0 : 1,
    });
  }
}

/** The params of the tested workflow not in `given`, as keys of a test's `params`. */
export function addParamKeys(
  builder: ItemBuilder,
  workflow: { decl: WorkflowDeclaration; path: string } | undefined,
  given: ReadonlySet<string>,
  source: SourceReader,
): void {
  for (const param of workflow?.decl.params ?? []) {
    const name = param.name?.text;
    if (!name || given.has(name)) continue;
    const written = declaredParameter(param, workflow!.path, source);
    builder.add(name, CompletionItemKind.Property, {
      snippet: `${name}: $0`,
      insert: `${name}: `,
      key: true,
      detail: `param ${written}${param.default ? "" : " (required)"}`,
      documentation: param.doc,
      group: param.default ? 1 : 0,
    });
  }
}
