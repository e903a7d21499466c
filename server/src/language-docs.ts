/**
 * What the language's own words mean, in the editor's words: each property
 * (language.md §3–4, beside what the engine's property tables say: its type,
 * whether it is required), each status of a step or a run (§6), and
 * `rollback: none`. Completion and hover both show these, so they say the
 * same.
 */
import {
  type InterpolationFunction,
  PROPERTY_TABLES,
  type PropertyBlock,
  type PropertySpec,
} from "@momoflow/language";

/** Meanings by block, then by property; a block's entry wins over `any`. */
const MEANINGS: Readonly<Record<PropertyBlock | "any", Readonly<Record<string, string>>>> = {
  any: {
    description: "Shown in hover, logs and reports.",
    timeout: "How long it may take at most; longer, and it is stopped and fails.",
    rollback_on_failure:
      "When a step fails, undo every completed reversible step, in reverse order of completion.",
    shell:
      'The shell of shell actions: `"auto"` (bash with `-euo pipefail` when on PATH, else `sh -e`), `"bash"` or `"sh"`. A step\'s replaces its workflow\'s.',
    env: "Environment variables, `{ NAME: value }`: set over the process environment for shell actions, built-ins and `js()` steps; a step's win over its workflow's. `${env.NAME}` reads them.",
  },
  workflow: {
    version: "The workflow's version, kept in every run record.",
    author: "Who wrote the workflow.",
    concurrency:
      "How many steps may run at once. With 1, steps run one at a time in declaration order, never before their `needs`.",
    timeout: "How long a run may take at most.",
  },
  step: {
    needs: "Steps that must have succeeded (or been skipped) before this one starts.",
    run: 'What the step does: a shell string or `"""` script, a command call, or `js("./module.mjs", "export")`.',
    rollback:
      "Undoes `run`; its presence makes the step reversible (it replaces a built-in command's automatic undo).",
    when: "A condition; when false, the step is `skipped` (and counts as done for `needs`).",
    timeout: "The action is stopped (its whole process group) and fails after this long.",
    rollback_timeout:
      "How long the step's undo may take: after it, the undo is given up (a shell undo's whole process group is stopped) and the step ends `rollback_failed`, for `momoflow rollback` to try again.",
    retries: "Extra attempts after a failure.",
    retry_delay: "The wait between attempts, doubling each time.",
    continue_on_error: "A failure is recorded and the run goes on.",
    for_each:
      "`for_each: item in <items>`: the step runs once per item — of a list, a param holding a list, `glob(\"data/*.csv\")` (the matching files, sorted) or a JSON step's array `steps.x.output` — each instance (`step[0]`, `step[1]`…) with its own retries, timeout, rollback and log. The item's name is in scope in the step's `run`, `rollback`, `when`, `description`, `env`, `workdir`, `inputs` and `outputs` (not in a setting read once for the whole step, such as `timeout`); `steps.<id>.outputs` is the list of the instances' outputs (in the step's own `rollback`, `steps.<id>.output` is the output of the instance being undone).",
    max_parallel:
      "How many instances of a `for_each` step may run at once (default: all the run's concurrency allows).",
    inputs:
      "Files the step reads: a path or glob, or a list of them, relative to the working directory.",
    workdir:
      "The folder the step runs in, relative to the workflow's working directory: its shell actions run there, built-ins resolve relative paths there, and its rollback runs there too. It must exist. In a `for_each` step it may read the item: each instance runs in its own folder.",
    outputs:
      "Files the step makes. When all exist, are newer than the inputs, and the action is unchanged since the run that made them, the step is skipped as up to date. In a `for_each` step each instance has its own, which may read its item (`out/${stem(file)}.json`).",
    runs_on:
      "On workers (`momoflow run --on`): the queue whose workers run the step (`momoflow worker --queue NAME`). A run on one machine runs every step itself.",
    retry_on_lost_worker:
      "On workers: when the worker running the step is lost, send it again to another worker. Only for a step that may run twice; otherwise the run fails and the step is undone where it started.",
  },
  command: {
    run: "What the command does: a shell string, a call of another command, or `js(...)`. Its parameters are in scope.",
    rollback: "Undoes `run`: a step calling the command is reversible.",
    timeout: "How long the command may take, for steps that set no `timeout` of their own.",
    rollback_timeout:
      "How long the undo of a step calling the command may take, for steps that set no `rollback_timeout` (nor `rollback`) of their own: after it, the undo is given up and the step ends `rollback_failed`.",
  },
  test: {
    workflow: "The workflow the test runs.",
    params: "Values of the workflow's params for this test.",
    fail: "Steps the engine makes fail without running their action.",
    files:
      "A folder (or file), relative to the test's file, copied into the test's working directory before the run.",
    rollback_on_failure: "Overrides the workflow's `rollback_on_failure` for this test.",
    timeout: "How long the test may take at most.",
  },
};

/** Defaults the engine applies when a property is not set. */
const DEFAULTS: Readonly<Record<string, string>> = {
  "workflow.concurrency": "1",
  "workflow.rollback_on_failure": "true",
  "step.retries": "0",
  "step.retry_delay": "1s",
  "step.rollback_timeout": "5m",
  "step.continue_on_error": "false",
  "workflow.shell": '"auto"',
  "step.shell": "the workflow's",
};

/** What a property's value is, in words. */
function valueKind(spec: PropertySpec): string {
  switch (spec.role.kind) {
    case "value":
      return `\`${spec.role.expectation.type}\``;
    case "action":
      return "action";
    case "condition":
      return "condition (`true`/`false`, a bool reference, comparisons `== != < <= > >=`, `&&`, `||`, `!`, `contains(…)`, `steps.<id>.status`)";
    case "step-ids":
      return "a step id or a list of step ids";
    case "output-format":
      return "`json` or `text`";
    case "workflow-name":
      return "a workflow name";
    case "params":
      return "map of param values";
  }
}

/** What hover says about a property: meaning, type, default, whether required. */
export interface PropertyDoc {
  name: string;
  block: PropertyBlock;
  meaning: string | undefined;
  /** Undefined for a property the block does not accept. */
  type: string | undefined;
  defaultValue: string | undefined;
  required: boolean;
  /** The smallest value allowed. */
  min: number | undefined;
}

export function propertyDoc(block: PropertyBlock, name: string): PropertyDoc {
  const spec = PROPERTY_TABLES[block].get(name);
  const meaning = spec ? (MEANINGS[block][name] ?? MEANINGS.any[name]) : undefined;
  return {
    name,
    block,
    meaning,
    type: spec && valueKind(spec),
    defaultValue: DEFAULTS[`${block}.${name}`],
    required: spec?.required === true,
    min: spec?.role.kind === "value" ? spec.role.expectation.min : undefined,
  };
}

const STEP_STATUS_MEANINGS: Readonly<Record<string, string>> = {
  pending: "not started yet",
  running: "its action is running",
  success: "its action succeeded",
  failed: "its action failed (after every retry)",
  cancelled:
    "it was running when the run was cancelled (Ctrl+C, SIGTERM), and was stopped part-way",
  skipped: "its `when` was false; it counts as done for `needs`",
  rolled_back: "it completed, then was undone",
  rollback_failed: "it completed, and undoing it failed",
  not_run: "it never started (the run stopped before it)",
};

const WORKFLOW_STATUS_MEANINGS: Readonly<Record<string, string>> = {
  success: "every step succeeded or was skipped",
  failed: "a step failed and nothing was undone",
  rolled_back: "a step failed and every completed step was undone",
  partially_rolled_back: "a step failed and some completed step could not be undone",
  cancelled: "the run was stopped before it finished",
};

/** The meaning of a status of a step (`of: "step"`) or of a whole run. */
export function statusMeaning(of: "workflow" | "step", status: string): string | undefined {
  return (of === "step" ? STEP_STATUS_MEANINGS : WORKFLOW_STATUS_MEANINGS)[status];
}

/** One line for the completion item of `rollback: none`. */
export const NO_ROLLBACK_DETAIL = "nothing to undo";

/** What `rollback: none` means, in Markdown. */
export const NO_ROLLBACK_DOC =
  "**Nothing to undo**: the step changes nothing outside the run (a query, a check, a notification). " +
  "A rollback after a failure leaves it out and can still be complete, as for `sleep`, `log` and `fail`. " +
  "On a command: a step calling it (without a `rollback` of its own) has nothing to undo.";

/** What `steps.<id>.status` means, in Markdown (completion and hover). */
export const STEP_STATUS_DOC =
  "How the step has ended so far: `success`, `failed`, `skipped` or `not_run` once it has ended, `pending` or `running` before. " +
  "Only in a `when`: a step whose `when` reads a status is a **handler** — it runs whatever its needs ended with, " +
  "also after a failure has stopped the run (before the rollback), and what it does is kept: the rollback leaves it alone.";

/** What a field of a JSON output is, in Markdown. */
export function jsonFieldDoc(step: string): string {
  return `A field of step \`${step}\`'s JSON output (\`output: json\`): \`.name\` reads a field of an object, \`[0]\` an item of a list (from 0).`;
}

/** What `matches` compares, in Markdown. */
export const MATCHES_DOC =
  "The text matches the regular expression (JavaScript syntax, Unicode mode), anywhere in the text unless anchored with `^`/`$`. " +
  "A pattern that does not compile is MF007.";

/** What `contains` checks in an `expect`, in Markdown. */
export const CONTAINS_COMPARISON_DOC = "The text contains the value.";

/** The forms of `contains(…)` in a condition. */
export const CONTAINS_SIGNATURE =
  "contains(list, item) · contains(text, part) · contains(map, key)";

/** What `contains(…)` is true for, in Markdown. */
export const CONTAINS_FUNCTION_DOC =
  "True when the list has the item, the text contains the part, or the map has the key.";

/** What each word of a step's `output:` does, in Markdown. */
export const OUTPUT_FORMAT_DOCS: Readonly<Record<"json" | "text", string>> = {
  json: "The output is parsed as JSON when the step ends; its fields can be read: `steps.<id>.output.items[0].name`.",
  text: "The output is the action's text.",
};

/** What `steps.<id>.outputs` is (hover). */
export const FAN_OUT_OUTPUTS_DOC =
  "The list of the outputs of a `for_each` step's instances, in item order (a fan-out step has no single `output`, but in its own `rollback`).";

/** What `steps.<id>.output` is in the `rollback` of fan-out step `<id>` itself: completion and hover. */
export const INSTANCE_OUTPUT_DOC =
  "The output of the instance being undone: the rollback of a `for_each` step undoes each instance alone, with the output that instance gave (as its item is that instance's item).";

/** What each built-in reference (`run.id`, `workflow.dir`…) holds: completion and hover. */
export const BUILTIN_REFERENCE_DOCS: Readonly<Record<string, string>> = {
  "run.id": "The run's id, like `20261125-173012-456-publish_site-3fa9c1`.",
  "run.dir": "The run's working directory (absolute).",
  "workflow.name": "The name of the workflow being run.",
  "workflow.dir":
    "The absolute folder of the file that declares the workflow (also inside a command imported from elsewhere).",
};

/** The roots of a reference, as completion and hover describe them. */
export const ROOT_DOCS: Readonly<
  Record<"env" | "run" | "workflow" | "steps", { detail: string; doc: string }>
> = {
  env: { detail: "env.NAME", doc: "An environment variable of the run (empty when unset)." },
  run: { detail: "run.id, run.dir", doc: "The run: its id and its working directory." },
  workflow: {
    detail: "workflow.name, workflow.dir",
    doc: "The workflow being run: its name and the folder of its file.",
  },
  steps: { detail: "steps.<id>.output", doc: "The output of a step this one needs." },
};

/** What `steps.<id>.output` is: completion and hover. */
export const STEP_OUTPUT_DOC =
  "The step's output: the standard output of a shell action (without its trailing newline), or a command's output.";

/** `glob(pattern)`, what a `for_each` may go over: completion and hover. */
/** `js(module, export)`, the JavaScript action: completion and hover. */
export const JS_ACTION_SIGNATURE = "js(module: path, export: string)";
export const JS_ACTION_DOC =
  "Calls an exported function of a JavaScript module (path relative to this file) with `(args, context)`; its return value (awaited) is the output, a throw is a failure.";

export const GLOB_SIGNATURE = "(items) glob(pattern)";

/** What `glob(pattern)` gives. */
export const GLOB_DOC =
  "The files matching the pattern, relative to the working directory, sorted.";

/** The limits a test may set on its run, `expect duration` and `expect memory` (language.md, Tests): hover. */
export const EXPECT_LIMIT_DOCS: Readonly<Record<"duration" | "memory", string>> = {
  duration:
    "Holds when the run took less (`<=`: at most). The limit is a duration: units `ms`, `s`, `m`, `h`, right after the number (`250ms`, `30s`, `1.5s`, `5m`, `2h`). Only `<` and `<=` compare.",
  memory:
    "Holds when the run's peak resident memory — the engine process's, or a shell action's when larger — is less (`<=`: at most). The limit is a size: units `B`, `KB`, `MB`, `GB`, `TB` (powers of 1024), right after the number (`100B`, `512KB`, `10MB`, `1GB`). Only `<` and `<=` compare.",
};

/**
 * What a name of an `env: { NAME: value }` is to the actions it reaches
 * (language.md, Environment variables and Secrets): hover.
 */
export function envNameDoc(name: string): string {
  return (
    `A shell action gets it as a real environment variable (\`$${name}\`, \`printenv\`), and so does every process it starts; its value is data, never shell code, whatever it holds. ` +
    `A \`js()\` function reads it in \`context.env\`; a built-in command reads no variables, but \`\${env.${name}}\` in its arguments does. ` +
    "The run record keeps the variables with each step's undo, except a value read from the environment or a secret param, which it keeps as a reference."
  );
}

/** What a function of an interpolation (`${basename(file)}`, `${json(x)}`) gives: hover, completion and signature help. */
export function pathFunctionDoc(fn: InterpolationFunction): string {
  return `Gives ${fn.description}.`;
}

/** How hover and completion show an interpolation function: `(path function) stem(path)`. */
export function interpolationFunctionSignature(name: string, fn: InterpolationFunction): string {
  return `(${fn.kind}) ${name}(${fn.parameter.name})`;
}
