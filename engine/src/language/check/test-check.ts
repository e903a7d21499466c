import { declareJsonHint, givesJsonOutput, type WorkflowLookup } from "../call-output";
import type {
  ExpectStatement,
  Expression,
  MapEntry,
  Name,
  Property,
  TestDeclaration,
} from "../ast";
import { STEP_STATUSES, StepStatus, WORKFLOW_STATUSES } from "../../runtime/status";
import type { WorkflowSymbol } from "../scope";
import { checkTypedProperties, reportMissingProperties, sortProperties } from "./block-properties";
import { declaredParameters } from "./command-parameters";
import type { DiagnosticSink } from "./diagnostic-sink";
import { notWritten, suggestName } from "./did-you-mean";
import { reportDuplicate } from "./duplicate-names";
import { checkValue } from "./expression-check";
import { checkGivenValueReads, givenValue, type GivenValue } from "./given-value-reads";
import { TEST_PROPERTIES } from "./property-tables";
import type { ReferenceScope } from "./reference-scope";
import { instanceIndex, stepPathText, testStepPath, type TestStepPath } from "../test-step-path";
import { resolveTestStep, type NamedTestStep } from "./test-step-check";

/** A test's values are literals or `env.NAME` (the test runner evaluates them before the run). */
const TEST_SCOPE: ReferenceScope = {
  lookup: () => undefined,
  names: () => [],
  steps: undefined,
  stepsUnavailable: "a test checks a step's output with: expect output <step> == <value>",
  unavailableRoots: new Map([
    ["run", "a test's values are literals or env.NAME"],
    ["workflow", "a test's values are literals or env.NAME"],
  ]),
};

/** Statuses a step can end with (pending and running never are final). */
export const FINAL_STEP_STATUSES: readonly string[] = STEP_STATUSES.filter(
  (s) => s !== StepStatus.PENDING && s !== StepStatus.RUNNING,
);

/**
 * Checks a `test` block: its properties (the workflow it names, MF005; its
 * `params` against the workflow's, MF006/MF007; `fail` ids, MF002) and its
 * `expect` statements (step ids, statuses, value types).
 */
export function checkTest(
  test: TestDeclaration,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  sink: DiagnosticSink,
): void {
  const properties = sortProperties(test.properties, TEST_PROPERTIES, "a test", sink);
  checkTypedProperties(properties, TEST_SCOPE, sink);
  reportMissingProperties(properties, test.name, "test", sink);

  const workflow = resolveWorkflow(properties.get("workflow")?.value, workflows, sink);
  const params = properties.get("params");
  checkParams(params, workflow, sink);
  if (workflow && !params) reportMissingParams(workflow, new Set(), test.name, sink);

  if (workflow && params?.value?.kind === "map" && runsWhole(test, properties.get("fail")))
    checkGivenValueReads(workflow, givenParams(params.value.entries), sink);
  for (const path of failedStepPaths(properties.get("fail")?.value, sink)) {
    if (workflow) resolveTestStep(path, workflow, workflows, sink, false);
  }
  for (const expect of test.expects ?? []) checkExpect(expect, workflow, workflows, sink);
}

/**
 * The steps `fail` names: one path or a list of them (`build`,
 * `release/bump`, `convert[1]`). Anything else — a field, a value — is MF007.
 */
function failedStepPaths(value: Expression | undefined, sink: DiagnosticSink): TestStepPath[] {
  if (!value) return [];
  const paths: TestStepPath[] = [];
  for (const item of value.kind === "list" ? (value.items ?? []) : [value]) {
    const [head, ...segments] = item?.kind === "ref" ? (item.segments ?? []) : [];
    const path = head?.text ? testStepPath(head, segments) : undefined;
    const index = path && instanceIndex(path);
    // A `/` after an instance or a field names no step: resolveTestStep says why (MF002).
    if (path && (path.rest.length === (index ? 1 : 0) || path.rest.some((s) => s.called)))
      paths.push(path);
    else if (item) {
      sink.report(
        "MF007",
        item.range,
        `"fail" takes a step or a list of steps, like [build, release/bump, convert[1]]`,
      );
    }
  }
  return paths;
}

function resolveWorkflow(
  value: Expression | undefined,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  sink: DiagnosticSink,
): WorkflowSymbol | undefined {
  if (!value) return undefined;
  const name = value.kind === "ref" && value.segments?.length === 1 ? value.segments[0] : undefined;
  if (!name?.text) {
    sink.report(
      "MF007",
      value.range,
      `"workflow" takes the name of a workflow, like workflow: deploy`,
    );
    return undefined;
  }
  const workflow = workflows.get(name.text);
  if (!workflow) {
    const suggestion = suggestName(name.text, name.range, workflows.keys());
    sink.report("MF005", name.range, `unknown workflow "${name.text}"${suggestion.hint}`, {
      data: { ...suggestion.data, unknownDeclaration: { kind: "workflow", name: name.text } },
    });
  }
  return workflow;
}

/** `params: { name: value }` against the workflow's params. */
function checkParams(
  property: Property | undefined,
  workflow: WorkflowSymbol | undefined,
  sink: DiagnosticSink,
): void {
  const value = property?.value;
  if (!property || !value) return;
  if (value.kind !== "map") {
    checkValue(value, TEST_SCOPE, sink);
    sink.report(
      "MF007",
      value.range,
      `"params" takes a map of param values, like { target: "test" }`,
    );
    return;
  }
  const declared = workflow && declaredParameters(workflow.decl.params);
  const given = new Map<string, Name>();
  for (const entry of value.entries ?? []) {
    const key = entry.key;
    if (!key?.text) continue;
    const first = given.get(key.text);
    if (first)
      reportDuplicate(key, "param", " in params", { path: sink.path, name: first }, sink, "given");
    else given.set(key.text, key);
    const param = declared?.get(key.text);
    if (declared && !param) {
      const written = (value.entries ?? []).map((other) => other?.key?.text);
      const suggestion = suggestName(key.text, key.range, notWritten(declared.keys(), written));
      const known = declared.size
        ? `; its params are ${[...declared.keys()].join(", ")}`
        : "; it has no params";
      sink.report(
        "MF006",
        key.range,
        `workflow "${workflow.name}" has no param "${key.text}"${suggestion.hint || known}`,
        { data: suggestion.data },
      );
    }
    checkValue(
      entry.value,
      TEST_SCOPE,
      sink,
      param && { type: param.type, what: `param "${key.text}"` },
    );
  }
  if (workflow) reportMissingParams(workflow, given, property.name, sink);
}

/**
 * Whether the test's run goes through the whole workflow: it makes no step
 * fail and expects no status but `success`. A run that stops part-way need
 * not make the reads after where it stops.
 */
function runsWhole(test: TestDeclaration, fail: Property | undefined): boolean {
  if (fail) return false;
  return !(test.expects ?? []).some((expect) => {
    if (expect?.subject !== "status") return false;
    const value = expect.value;
    const status = value?.kind === "ref" ? value.segments?.[0]?.text : undefined;
    return expect.operator !== "==" || status !== StepStatus.SUCCESS;
  });
}

/** The values a test's `params` gives, by param name (the first of a name). */
function givenParams(entries: readonly MapEntry[] | undefined): Map<string, GivenValue> {
  const given = new Map<string, GivenValue>();
  for (const entry of entries ?? []) {
    const name = entry?.key?.text;
    if (name && entry.value && !given.has(name))
      given.set(name, givenValue(entry.value, entry.value.range));
  }
  return given;
}

/** MF006 on `at` for the workflow's required params the test does not give. */
function reportMissingParams(
  workflow: WorkflowSymbol,
  given: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  at: Name | undefined,
  sink: DiagnosticSink,
): void {
  if (!at) return;
  const missing = [...declaredParameters(workflow.decl.params).values()].filter(
    (p) => p.required && !given.has(p.name),
  );
  if (missing.length === 0) return;
  const list = missing.map((p) => `"${p.name}" (${p.type})`).join(", ");
  sink.report(
    "MF006",
    at.range,
    `workflow "${workflow.name}" needs param${missing.length > 1 ? "s" : ""} ${list}: give ${missing.length > 1 ? "them" : "it"} in params`,
    { data: { missingArguments: missing.map((p) => p.name) } },
  );
}

function checkExpect(
  expect: ExpectStatement,
  workflow: WorkflowSymbol | undefined,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  sink: DiagnosticSink,
): void {
  // A wrong operator is the parser's MF001 already (it knows each subject's operators).
  const subject = expect.subject;
  if ((subject === "step" || subject === "output") && expect.target && workflow) {
    const path = testStepPath(expect.target, expect.path);
    const step = resolveTestStep(path, workflow, workflows, sink, subject === "output");
    if (step) checkStepFields(step, path, subject, workflows, sink);
  }
  const value = expect.value;
  switch (subject) {
    case "status":
      checkStatus(value, WORKFLOW_STATUSES, "workflow", sink);
      return;
    case "step":
      checkStatus(value, FINAL_STEP_STATUSES, "step", sink);
      return;
    case "output":
      checkValue(value, TEST_SCOPE, sink);
      if (expect.operator === "matches") checkPattern(value, sink);
      return;
    case "file":
      checkValue(value, TEST_SCOPE, sink, { type: "path", what: "the file of expect file" });
      checkValue(expect.content, TEST_SCOPE, sink);
      if (expect.operator === "matches") checkPattern(expect.content, sink);
      return;
    case "duration":
      checkValue(value, TEST_SCOPE, sink, {
        type: "duration",
        what: "the limit of expect duration",
      });
      return;
    case "memory":
      checkValue(value, TEST_SCOPE, sink, { type: "size", what: "the limit of expect memory" });
      return;
  }
}

/**
 * Fields after the step: `expect output` reads them in a JSON output (MF008
 * on a text output); `expect step` compares a status, which has none (MF007).
 */
function checkStepFields(
  step: NamedTestStep,
  path: TestStepPath,
  subject: "step" | "output",
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  sink: DiagnosticSink,
): void {
  const field = step.fields[0];
  if (!field) return;
  // The step as named, its instance kept: `convert[1]`, not `convert`.
  const id = stepPathText({ steps: path.steps, rest: step.instance ? path.rest.slice(0, 1) : [] });
  const workflowNamed: WorkflowLookup = (name) => workflows.get(name)?.decl;
  if (subject === "step") {
    sink.report(
      "MF007",
      field.range,
      `\`expect step\` compares the status of a step: write expect step ${id} == success, without "${field.text}"`,
    );
  } else if (!givesJsonOutput(step.decl, workflowNamed)) {
    sink.report(
      "MF008",
      field.range,
      `the output of "${id}" is text: it has no field "${field.text}"; ${declareJsonHint(step.decl, workflowNamed)} to read its fields`,
    );
  }
}

/** A status is a bare name (`rolled_back`) from the statuses of language.md §6. */
function checkStatus(
  value: Expression | undefined,
  statuses: readonly string[],
  kind: string,
  sink: DiagnosticSink,
): void {
  if (!value) return;
  // A bare name as written, or the text of a plain string: the test runner
  // compares a quoted status as text, so "success" works as well as success.
  let text: string | undefined;
  if (value.kind === "ref" && value.segments?.length === 1) text = value.segments[0]?.text;
  else if (
    value.kind === "string" &&
    value.parts?.length === 1 &&
    value.parts[0]?.kind === "text"
  ) {
    text = value.parts[0].value;
  }
  if (text !== undefined && statuses.includes(text)) return;
  if (value.kind !== "ref") checkValue(value, TEST_SCOPE, sink);
  const suggestion =
    text !== undefined ? suggestName(text, value.range, statuses) : { hint: "", data: {} };
  const what =
    text !== undefined ? `unknown ${kind} status "${text}"` : `expected a ${kind} status`;
  sink.report(
    "MF007",
    value.range,
    `${what}: a ${kind} can end as ${statuses.join(", ")}${suggestion.hint}`,
    { data: suggestion.data },
  );
}

/**
 * The pattern of `matches` is a JavaScript regular expression: one that does
 * not compile is MF007 at the pattern (only a plain string can be checked
 * before the run).
 */
function checkPattern(value: Expression | undefined, sink: DiagnosticSink): void {
  if (value?.kind !== "string" || value.parts?.some((part) => part?.kind !== "text")) return;
  const pattern = value.parts.map((part) => (part.kind === "text" ? part.value : "")).join("");
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    sink.report(
      "MF007",
      value.range,
      `not a regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, "")}`,
    );
  }
}
