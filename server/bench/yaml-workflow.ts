/**
 * The YAML twin of a `.momoflow` document, for comparing the momoflow language
 * server with yaml-language-server on the same workflows: every command,
 * workflow, param, var, step, `needs`, script, call and test of the parsed
 * document, written as a GitHub-Actions-like YAML file that
 * `workflow-yaml.schema.json` (beside this file) describes. Doc comments
 * become `#` comments; `//` and `/* *\/` comments are dropped.
 *
 * Layout follows the source: a value written on one line (a call, a list, a
 * map) stays on one line in flow style, a multi-line one becomes block style,
 * and a `"""` script becomes a `|` block scalar, so both files have about the
 * same number of lines.
 *
 * Conventions: a reference used as a value is the string `"${ref}"` (as an
 * interpolation would write it); step ids in `needs` and `fail`, and the
 * workflow of a test, are plain names; a condition is a string; a call is
 * `{ uses: command, with: { arguments } }`.
 */
import {
  type CallExpression,
  type CommandDeclaration,
  type ExpectStatement,
  type Expression,
  type ParamDeclaration,
  type Property,
  type Reference,
  type StringLiteral,
  type TestDeclaration,
  type WorkflowDeclaration,
  parseDocument,
} from "@momoflow/language";

/** Properties whose references are names (step ids, a workflow), not values. */
const NAME_PROPERTIES = new Set(["needs", "fail", "workflow"]);

/**
 * Converts a `.momoflow` document to its YAML twin. `import "x.momoflow"`
 * becomes an entry `x.yaml` of `imports`.
 *
 * @throws Error when the document has syntax errors: only clean documents have a faithful twin.
 */
export function momoflowToYaml(text: string, path = "/document.momoflow"): string {
  const { file, diagnostics } = parseDocument(text, path);
  if (diagnostics.length > 0) {
    const first = diagnostics[0]!;
    throw new Error(
      `cannot convert a document with syntax errors to YAML: ${first.message} at line ${first.range.start.line + 1}`,
    );
  }
  const out: string[] = ["# The YAML twin of a generated .momoflow document (LSP benchmark)."];
  if (file.imports.length > 0) {
    out.push("imports:");
    for (const i of file.imports)
      out.push(`  - ${JSON.stringify(i.path.replace(/\.momoflow$/, ".yaml"))}`);
  }
  if (file.commands.length > 0) {
    out.push("commands:");
    for (const command of file.commands) out.push(...commandLines(command, 2), "");
  }
  if (file.workflows.length > 0) {
    out.push("workflows:");
    for (const workflow of file.workflows) out.push(...workflowLines(workflow, 2), "");
  }
  if (file.tests.length > 0) {
    out.push("tests:");
    for (const test of file.tests) out.push(...testLines(test, 2), "");
  }
  while (out[out.length - 1] === "") out.pop();
  return out.join("\n") + "\n";
}

const pad = (indent: number): string => " ".repeat(indent);

function docLines(doc: string | undefined, indent: number): string[] {
  if (doc === undefined) return [];
  return doc.split("\n").map((line) => `${pad(indent)}#${line ? ` ${line}` : ""}`);
}

function commandLines(command: CommandDeclaration, indent: number): string[] {
  const lines = [...docLines(command.doc, indent), `${pad(indent)}${command.name.text}:`];
  const properties = command.properties;
  const before = properties.filter((p) => p.name.text === "description");
  lines.push(...before.flatMap((p) => propertyLines(p, indent + 2)));
  if (command.params.length > 0) {
    lines.push(`${pad(indent + 2)}params:`);
    for (const param of command.params) lines.push(...paramLines(param, indent + 4));
  }
  for (const p of properties) if (!before.includes(p)) lines.push(...propertyLines(p, indent + 2));
  return lines;
}

function paramLines(param: ParamDeclaration, indent: number): string[] {
  const fields = [`type: ${param.type?.name.text ?? "any"}`];
  if (param.default) fields.push(`default: ${inline(param.default, false)}`);
  return [
    ...docLines(param.doc, indent),
    `${pad(indent)}${param.name.text}: { ${fields.join(", ")} }`,
  ];
}

function workflowLines(workflow: WorkflowDeclaration, indent: number): string[] {
  const lines = [...docLines(workflow.doc, indent), `${pad(indent)}${workflow.name.text}:`];
  for (const p of workflow.properties) lines.push(...propertyLines(p, indent + 2));
  if (workflow.params.length > 0) {
    lines.push(`${pad(indent + 2)}params:`);
    for (const param of workflow.params) lines.push(...paramLines(param, indent + 4));
  }
  if (workflow.vars.length > 0) {
    lines.push(`${pad(indent + 2)}vars:`);
    for (const v of workflow.vars) {
      lines.push(...docLines(v.doc, indent + 4));
      lines.push(...valueLines(v.name.text, v.value, indent + 4, false));
    }
  }
  if (workflow.steps.length > 0) {
    lines.push(`${pad(indent + 2)}steps:`);
    for (const step of workflow.steps) {
      lines.push(...docLines(step.doc, indent + 4), `${pad(indent + 4)}${step.name.text}:`);
      for (const p of step.properties) lines.push(...propertyLines(p, indent + 6));
      lines.push("");
    }
    lines.pop();
  }
  return lines;
}

function testLines(test: TestDeclaration, indent: number): string[] {
  const lines = [
    ...docLines(test.doc, indent),
    `${pad(indent)}- name: ${JSON.stringify(test.name.text)}`,
  ];
  for (const p of test.properties) lines.push(...propertyLines(p, indent + 2));
  if (test.expects.length > 0) {
    lines.push(`${pad(indent + 2)}expect:`);
    for (const e of test.expects) lines.push(`${pad(indent + 4)}- ${expectation(e)}`);
  }
  return lines;
}

/** `expect …` as a one-line flow map (see the schema's `expectation`). */
function expectation(e: ExpectStatement): string {
  const value = e.value ? inline(e.value, e.subject === "status" || e.subject === "step") : "null";
  const negated = e.operator === "!=" ? ", not: true" : "";
  switch (e.subject) {
    case "status":
      return `{ status: ${value}${negated} }`;
    case "step":
      return `{ step: ${e.target?.text ?? ""}, status: ${value}${negated} }`;
    case "output":
      return `{ output: ${e.target?.text ?? ""}, ${e.operator === "contains" ? "contains" : "equals"}: ${value}${negated} }`;
    case "file":
      return `{ file: ${value}, exists: ${e.operator === "exists"} }`;
    case "duration":
    case "memory":
      return `{ ${e.subject}: { ${e.operator === "<=" ? "at_most" : "below"}: ${value} } }`;
  }
}

function propertyLines(p: Property, indent: number): string[] {
  return valueLines(p.name.text, p.value, indent, NAME_PROPERTIES.has(p.name.text));
}

/** `key: value`, on one line or, for a multi-line value, as a block. */
function valueLines(
  key: string,
  value: Expression | undefined,
  indent: number,
  names: boolean,
): string[] {
  const head = `${pad(indent)}${key}:`;
  if (value === undefined) return [`${head} null`];
  if (value.kind === "string" && value.triple) {
    const body = stringText(value).replace(/\n$/, "");
    return [`${head} |`, ...body.split("\n").map((l) => (l ? `${pad(indent + 2)}${l}` : ""))];
  }
  const multiLine = value.range.start.line !== value.range.end.line;
  if (!multiLine || !["call", "map", "list"].includes(value.kind))
    return [`${head} ${inline(value, names)}`];
  return [head, ...blockLines(value, indent + 2, names)];
}

/** A multi-line call, map or list in block style, at `indent`. */
function blockLines(value: Expression, indent: number, names: boolean): string[] {
  switch (value.kind) {
    case "call":
      return [
        `${pad(indent)}uses: ${value.callee.text}`,
        ...(value.args.length > 0
          ? [
              `${pad(indent)}with:`,
              ...value.args.flatMap((a, i) =>
                valueLines(a.name?.text ?? `arg${i}`, a.value, indent + 2, false),
              ),
            ]
          : []),
      ];
    case "map":
      return value.entries.flatMap((e) => valueLines(e.key.text, e.value, indent, false));
    case "list":
      return value.items.map((item) => `${pad(indent)}- ${inline(item, names)}`);
    default:
      return [`${pad(indent)}${inline(value, names)}`];
  }
}

/** A value in flow style, on one line. */
function inline(value: Expression, names: boolean): string {
  switch (value.kind) {
    case "string":
      return JSON.stringify(stringText(value));
    case "number":
    case "bool":
      return String(value.value);
    case "duration":
    case "size":
      return value.text;
    case "ref":
      return names ? refText(value) : JSON.stringify(`\${${refText(value)}}`);
    case "list":
      return `[${value.items.map((item) => inline(item, names)).join(", ")}]`;
    case "map": {
      const entries = value.entries.map(
        (e) => `${e.key.text}: ${e.value ? inline(e.value, false) : "null"}`,
      );
      return entries.length > 0 ? `{ ${entries.join(", ")} }` : "{}";
    }
    case "call":
      return callInline(value);
    case "none":
      return "none";
    case "binary":
      return JSON.stringify(
        `${conditionSide(value.left)} ${value.operator} ${value.right ? conditionSide(value.right) : ""}`,
      );
    case "not":
      return JSON.stringify(`!${value.operand ? conditionSide(value.operand) : ""}`);
  }
}

function callInline(call: CallExpression): string {
  const args = call.args
    .map((a, i) => `${a.name?.text ?? `arg${i}`}: ${a.value ? inline(a.value, false) : "null"}`)
    .join(", ");
  return args
    ? `{ uses: ${call.callee.text}, with: { ${args} } }`
    : `{ uses: ${call.callee.text} }`;
}

function conditionSide(value: Expression): string {
  if (value.kind === "ref") return `\${${refText(value)}}`;
  if (value.kind === "string") return JSON.stringify(stringText(value));
  return inline(value, false);
}

function refText(ref: Reference): string {
  return ref.segments.map((s) => s.text).join(".");
}

function stringText(s: StringLiteral): string {
  return s.parts
    .map((part) =>
      part.kind === "text" ? part.value : part.ref ? `\${${refText(part.ref)}}` : "${}",
    )
    .join("");
}
