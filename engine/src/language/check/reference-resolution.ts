import { referenceText, type Name, type Reference, type UnfinishedReferences } from "../ast";
import type { DiagnosticSink } from "./diagnostic-sink";
import { suggestFitting, suggestName } from "./did-you-mean";
import type { ReferenceScope, StepOutputs } from "./reference-scope";
import { isAssignable, type ValueType } from "./value-type";
import { stepOutputField, type StepOutputField } from "../step-output-field";
import { withoutParamsRoot } from "../unfinished-reference";
import { resolveUnderOtherRoot } from "./params-root";
import { checkValuePath } from "./value-path-check";

/** The values of the built-in roots `run.*` and `workflow.*` (language.md §2), with their types. */
export const BUILTIN_FIELDS: ReadonlyMap<string, ReadonlyMap<string, ValueType>> = new Map([
  [
    "run",
    new Map<string, ValueType>([
      ["id", "string"],
      ["dir", "path"],
    ]),
  ],
  [
    "workflow",
    new Map<string, ValueType>([
      ["name", "string"],
      ["dir", "path"],
    ]),
  ],
]);

/** The built-in roots, and what to write instead of one used alone (`${run}`). */
export const ROOT_USAGE: ReadonlyMap<string, string> = new Map([
  ["env", "env.NAME"],
  ["run", "run.id or run.dir"],
  ["workflow", "workflow.name or workflow.dir"],
  ["steps", "steps.<id>.output"],
]);

/**
 * Resolves a reference in `scope` and returns the type of its value;
 * reports MF008 for an undefined name (on the segment at fault), MF021 for
 * the `output` of a fan-out step (but in its own rollback, where it is the
 * output of the instance undone) and, through the scope, MF002 and MF010 for
 * `steps.<id>.output`. Unresolvable
 * references have type `any`, so one mistake is reported once. `expected`:
 * the type the place takes, which an undefined name's "did you mean" prefers.
 */
export function resolveReference(
  ref: Reference,
  scope: ReferenceScope,
  sink: DiagnosticSink,
  expected?: ValueType,
): ValueType {
  const segments = ref.segments;
  const first = segments?.[0];
  if (!first) return "any";
  const second = segments[1];
  const root = second ? first.text : undefined;
  if (root === "env") {
    noFieldsAfter(segments, 2, sink);
    return "string";
  }
  if (root === "steps") return resolveStepOutput(ref, scope, sink);
  const unavailable = root === undefined ? undefined : scope.unavailableRoots?.get(root);
  if (unavailable !== undefined) {
    sink.report("MF008", ref.range, `"${referenceText(ref)}" cannot be used here: ${unavailable}`);
    return "any";
  }
  const fields = root === undefined ? undefined : BUILTIN_FIELDS.get(root);
  if (fields && second) {
    const type = fields.get(second.text);
    if (type === undefined) {
      const known = [...fields.keys()];
      const suggestion = suggestName(second.text, second.range, known);
      sink.report(
        "MF008",
        second.range,
        `"${root}" has no value "${second.text}"${suggestion.hint || `; it has ${known.map((k) => `${root}.${k}`).join(" and ")}`}`,
        { data: suggestion.data },
      );
      return "any";
    }
    noFieldsAfter(segments, 2, sink);
    scope.readRoot?.(root!);
    return type;
  }

  const underOtherRoot = second && resolveUnderOtherRoot(ref, scope, sink);
  if (underOtherRoot) return underOtherRoot;
  const type = scope.lookup(first);
  if (type === undefined) {
    const reason = scope.unavailableNames?.get(first.text);
    if (reason !== undefined)
      sink.report("MF008", first.range, `"${first.text}" cannot be used here: ${reason}`);
    else reportUnknownName(first, scope, sink, expected);
    return "any";
  }
  // A fan-out item from a JSON output has fields; a param's or var's type says whether it has.
  if (segments.length === 1 || scope.hasFields?.(first)) return type;
  return checkValuePath(ref, type, scope.writtenValue, sink);
}

function reportUnknownName(
  name: Name,
  scope: ReferenceScope,
  sink: DiagnosticSink,
  expected: ValueType | undefined,
): void {
  const usage = ROOT_USAGE.get(name.text);
  if (usage !== undefined) {
    sink.report("MF008", name.range, `"${name.text}" needs a field: write ${usage}`);
    return;
  }
  const typeOf = scope.typeOf;
  const fits =
    expected === undefined || !typeOf
      ? undefined
      : (candidate: string): boolean => {
          const type = typeOf(candidate);
          return type !== undefined && isAssignable(expected, type);
        };
  const suggestion = suggestFitting(name.text, name.range, scope.names(), fits);
  const itemOf = scope.stepItems?.get(name.text);
  if (itemOf !== undefined) {
    // Said where the item is known; the quick fixes still offer the near names in scope.
    sink.report("MF008", name.range, `"${name.text}" is not defined here${itemHint(itemOf)}`, {
      data: suggestion.data,
    });
    return;
  }
  if (suggestion.hint === "" && isEnvironmentName(name.text)) {
    // The quick fix reads the run's environment: `${HOME}` becomes `${env.HOME}`.
    sink.report(
      "MF008",
      name.range,
      `"${name.text}" is not defined here${environmentHint(name.text)}`,
      {
        data: { suggestions: [`env.${name.text}`], replaceRange: name.range },
      },
    );
    return;
  }
  if (suggestion.hint === "" && scope.forEach && INDEX_NAMES.has(name.text)) {
    sink.report(
      "MF008",
      name.range,
      `"${name.text}" is not defined here${noIndexHint(scope.forEach)}`,
    );
    return;
  }
  if (suggestion.hint === "" && scope.steps?.isStep?.(name.text)) {
    sink.report("MF008", name.range, bareStepIdMessage(name, scope.steps));
    return;
  }
  sink.report("MF008", name.range, `"${name.text}" is not defined here${suggestion.hint}`, {
    data: suggestion.data,
  });
}

/** A step's id read as a value (`${fetch.output}`): how its output is read. */
function bareStepIdMessage(id: Name, steps: StepOutputs): string {
  const read = steps.isFanOut?.(id)
    ? `what its instances gave is read as \`steps.${id.text}.outputs\``
    : `its output is read as \`steps.${id.text}.output\``;
  return `"${id.text}" is a step, not a value: ${read}`;
}

/** The names other tools' loops give their index by (`loop.index` is Ansible's and Jinja's). */
const INDEX_NAMES: ReadonlySet<string> = new Set(["index", "idx", "i", "loop"]);

/** What a `for_each` step has instead of an index: its item; its instances are named by position. */
function noIndexHint({ item, step }: { item: string; step: string }): string {
  return `: a for_each step has no index, only its item \`${item}\` (its instances are named by position in the run: ${step}[0], ${step}[1]…)`;
}

/** Where a fan-out step's item is known, for a read of it outside that step. */
function itemHint(stepId: string): string {
  return `: it is the for_each item of step "${stepId}", known only in that step (each of its instances has its own); a step after it reads what the instances gave as \`steps.${stepId}.outputs\``;
}

/** A name written as environment variables are: `HOME`, `BUILD_ID`. */
function isEnvironmentName(name: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name);
}

/**
 * For a name written as environment variables are (`HOME`, `BUILD_ID`),
 * how to read one: scripts copied into a `run` say `${HOME}`, which the
 * language takes for an interpolation of a param or var.
 */
function environmentHint(name: string): string {
  return `; an environment variable is read as \`env.${name}\` (\`\${env.${name}}\` in a string), and in a shell action \`$${name}\` or \`\\\${${name}}\` leaves it to the shell`;
}

/**
 * A reference left unfinished at its dot (`p.`, `params.p.`, `${p.}`: an
 * MF001 already): the param or var it names is being read, as it is typed,
 * so it counts as used; nothing else is resolved or reported while the user
 * is still writing it. `params.p.` names `p` (a param is written by its
 * name alone, which the MF001 says).
 */
export function readUnfinished(ref: Reference, scope: ReferenceScope): void {
  const first = withoutParamsRoot(ref).segments?.[0];
  if (first) scope.readUnfinished?.(first);
}

/** {@link readUnfinished} for each reference the members (properties, params, vars) leave unfinished. */
export function readUnfinishedOf(
  members: readonly (UnfinishedReferences | undefined)[] | undefined,
  scope: ReferenceScope,
): void {
  for (const member of members ?? [])
    for (const ref of member?.unfinished ?? []) readUnfinished(ref, scope);
}

/**
 * The steps `steps.<id>.<what>` may read here; undefined (and MF008 at the
 * reference, saying why) where no step's value can be read.
 */
export function readableSteps(
  ref: Reference,
  what: "outputs" | "statuses",
  scope: ReferenceScope,
  sink: DiagnosticSink,
): ReferenceScope["steps"] {
  if (!scope.steps)
    sink.report("MF008", ref.range, `step ${what} cannot be read here: ${scope.stepsUnavailable}`);
  return scope.steps;
}

function resolveStepOutput(ref: Reference, scope: ReferenceScope, sink: DiagnosticSink): ValueType {
  const steps = readableSteps(ref, "outputs", scope, sink);
  if (!steps) return "any";
  const id = ref.segments[1]!;
  if (!steps.knows(id, ref.segments[2]?.text)) return "any";
  const fanOut = steps.isFanOut?.(id) === true;
  const expected = stepOutputField(fanOut, steps.undoesInstancesOf?.(id) === true);
  const field = ref.segments[2];
  if (!field) {
    const what = expected === "outputs" ? "its instances' outputs" : "its output";
    sink.report(
      "MF008",
      ref.range,
      `"steps.${id.text}" is a step, not a value: read ${what} as steps.${id.text}.${expected}`,
    );
    return "any";
  }
  if (field.text !== expected) {
    reportOtherField(field, id, { fanOut, expected, own: steps.readsOwn?.(id) === true }, sink);
    return "any";
  }
  if (expected === "outputs") {
    steps.read(ref, id);
    // `steps.<id>.outputs[1].name`: one instance's output, text unless the step declares JSON.
    const [instance, extra] = [ref.segments[3], ref.segments[4]];
    if (instance?.index !== undefined && extra && !steps.isJson(id)) {
      const what = extra.index === undefined ? `field "${extra.text}"` : `item ${extra.text}`;
      sink.report(
        "MF008",
        extra.range,
        `the output of instance ${id.text}${instance.text} is text: it has no ${what}; ${steps.jsonHint(id)} to read its fields`,
        jsonFixData(steps, id),
      );
    }
    return ref.segments.length > 3 ? "any" : "list";
  }
  steps.read(ref, id);
  const extra = ref.segments[3];
  if (extra && !steps.isJson(id)) {
    sink.report(
      "MF008",
      extra.range,
      `the output of "${id.text}" is text: it has no field "${extra.text}"; ${steps.jsonHint(id)} to read its fields`,
      jsonFixData(steps, id),
    );
  }
  return "any";
}

/**
 * `steps.<id>.<field>` where the step's value is read as `expected`: MF021
 * for `output` and `outputs` mixed up on a fan-out step (elsewhere it has
 * only its instances' `outputs`; its own rollback reads the `output` of the
 * instance it undoes), MF008 for any other field. In the step's own `run`
 * or `when` (`own`) `outputs` is no fix: they do not exist yet either.
 */
function reportOtherField(
  field: Name,
  id: Name,
  { fanOut, expected, own }: { fanOut: boolean; expected: StepOutputField; own: boolean },
  sink: DiagnosticSink,
): void {
  const suggestion = suggestName(field.text, field.range, [expected]);
  const options = { data: suggestion.data };
  if (fanOut && own && field.text === "output") {
    sink.report(
      "MF021",
      field.range,
      `step "${id.text}" runs once per item (for_each), so it has no single output; nor can its own \`run\` or \`when\` read its instances' outputs, which exist only once it has run (its rollback reads the output of the instance it undoes)`,
    );
  } else if (!fanOut || (field.text !== "output" && field.text !== "outputs")) {
    sink.report(
      "MF008",
      field.range,
      `a step has no value "${field.text}"${suggestion.hint || `; read steps.${id.text}.${expected}`}`,
      options,
    );
  } else if (expected === "outputs") {
    sink.report(
      "MF021",
      field.range,
      `step "${id.text}" runs once per item (for_each), so it has no single output${suggestion.hint} (steps.${id.text}.outputs is the list of its instances' outputs)`,
      options,
    );
  } else {
    sink.report(
      "MF021",
      field.range,
      `the rollback of step "${id.text}" undoes one instance at a time, so it reads that instance's output${suggestion.hint} (steps.${id.text}.outputs, the list of all of them, is for the steps that need it)`,
      options,
    );
  }
}

/** MF008 on the first segment past `count`: values have no fields (language.md §2). */
function noFieldsAfter(segments: readonly Name[], count: number, sink: DiagnosticSink): void {
  const extra = segments[count];
  if (!extra) return;
  const value = segments
    .slice(0, count)
    .map((s) => s.text)
    .join(".");
  sink.report("MF008", extra.range, `"${value}" is a value: it has no field "${extra.text}"`);
}

/** The quick fix's data of a text output read as JSON: the step to declare `output: json` on. */
export function jsonFixData(
  steps: StepOutputs,
  id: Name,
): { data: { declareJsonOutput: string } } | undefined {
  return steps.makesOwnOutput?.(id) ? { data: { declareJsonOutput: id.text } } : undefined;
}
