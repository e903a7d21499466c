import { basename } from "node:path";
import {
  MarkupKind,
  type Hover,
  type Position,
  type ServerCapabilities,
} from "vscode-languageserver/node";
import {
  type Range,
  type SourceFile,
  CALL_SEPARATOR,
  describeType,
  fansOut,
  JS_ACTION,
  isTypeName,
  type CheckResult,
  type WorkflowLookup,
  outputFormatOf,
  tokens as T,
  type ListScope,
  NO_KNOWN_LISTS,
  type StepDeclaration,
  testStepScopes,
} from "@momoflow/language";
import {
  declaringWorkflow,
  locateSymbol,
  unnamedCommandAt,
  type SymbolOccurrence,
  type SymbolRef,
} from "../analysis/locate";
import { workflowCallSiteAt } from "../analysis/workflow-call-site";
import { type FeatureContext, guarded } from "../feature";
import {
  codeBlock,
  commandMarkdown,
  stepMarkdown,
  builtinCommandParamMarkdown,
  declaredCommandParamMarkdown,
  paramMarkdown,
  varMarkdown,
  workflowMarkdown,
} from "./declaration-markdown";
import { findLastRun } from "../session/last-run";
import { describeDuration, describeSize } from "@momoflow/units";
import { pathToUri, sourceReader, type SourceReader } from "../session/workspace-files";
import {
  CONTAINS_COMPARISON_DOC,
  CONTAINS_FUNCTION_DOC,
  CONTAINS_SIGNATURE,
  MATCHES_DOC,
  FAN_OUT_OUTPUTS_DOC,
  GLOB_DOC,
  GLOB_SIGNATURE,
  JS_ACTION_DOC,
  JS_ACTION_SIGNATURE,
  OUTPUT_FORMAT_DOCS,
  NO_ROLLBACK_DOC,
  STEP_STATUS_DOC,
  jsonFieldDoc,
  propertyDoc,
  statusMeaning,
} from "../language-docs";
import { expectedFieldAt, interpolationTokensAt, referenceFieldAt } from "./reference-field";
import { pathFunctionAt } from "./path-function";
import { builtinReferenceAt } from "./builtin-reference";
import { referenceRootAt } from "./reference-root";
import { undoesInstanceAt } from "./instance-output";
import { itemMarkdown } from "./item-markdown";
import { indexedNameAt, instanceHover, pathStepsUpTo } from "./instance-index";
import {
  type FanOutStep,
  instanceFieldMarkdown,
  instanceOutputMarkdown,
} from "./instance-reference";
import { envMarkdown } from "./env-markdown";
import { valueItemHover } from "./value-item";
import { envNameAt } from "./env-name";
import { expectLimitAt } from "./expect-limit";
import type { LanguageSession } from "../session/language-session";
import { documentTokens, tokenIndexAt } from "../session/document-tokens";
import { contains } from "../analysis/range-contains";
import { testedWorkflowName } from "../cursor/enclosing-declarations";

/**
 * Hover: what the name under the cursor is — a command's signature,
 * documentation and undo; a step's description, needs, reversibility and
 * last run; a param's or var's type and value; a property's meaning and
 * type; a status's meaning — `rollback: none`, `output: json`, `matches`,
 * `contains`, `steps.<id>.status`,
 * a field of a JSON output, a fan-out's instance in a test, `js(...)`,
 * a test's `expect duration` and `expect memory`,
 * a name an `env:` sets, and duration and size literals in plain units.
 * The range is the hovered occurrence.
 */
export function registerHover({ connection, session }: FeatureContext): ServerCapabilities {
  connection.onHover(
    guarded(connection, "hover", async (params): Promise<Hover | null> => {
      const check = session.check(params.textDocument.uri);
      const hit = locateSymbol(check, params.position);
      if (hit) {
        const { inlineMetrics } = await session.settings.get(params.textDocument.uri);
        const value = symbolMarkdown(hit.symbol, check, session, inlineMetrics, hit.range.start);
        if (value === undefined) return null;
        return markdown(value + callSiteNote(hit, check.document.file), hit.range);
      }
      const none = noRollbackAt(check.document.file, params.position);
      if (none) return markdown(`${codeBlock("rollback: none")}\n\n${NO_ROLLBACK_DOC}`, none);
      const format = outputFormatAt(check.document.file, params.position);
      if (format)
        return markdown(
          `${codeBlock(`output: ${format.word}`)}\n\n${OUTPUT_FORMAT_DOCS[format.word]}`,
          format.range,
        );
      const limit =
        expectLimitAt(check.document.file, params.position) ??
        envNameAt(check.document.file, params.position);
      if (limit) return markdown(limit.markdown, limit.range);
      return tokenHover(check, params.position, (at, steps) =>
        fanOutStepAt(check, session, at, steps),
      );
    }),
  );
  return { hoverProvider: true };
}

/**
 * At `run: workflow release(...)`, how the callee's steps are named in the
 * caller's run: `release/bump`, after the calling step's id.
 */
function callSiteNote(hit: SymbolOccurrence, file: SourceFile): string {
  if (hit.symbol.kind !== "workflow" || hit.isDeclaration) return "";
  const site = workflowCallSiteAt(file, hit.range);
  const id = site?.step.name?.text;
  if (!id) return "";
  return `\n\n**Called by step** \`${id}\`: its steps run as \`${id}${CALL_SEPARATOR}…\` in this run, and a rollback undoes them as one unit.`;
}

function markdown(value: string, range: Range): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range };
}

/** The Markdown of a symbol, or undefined when there is nothing to say. */
function symbolMarkdown(
  symbol: SymbolRef,
  check: CheckResult,
  session: LanguageSession,
  inlineMetrics: boolean,
  at: Position,
): string | undefined {
  const source: SourceReader = sourceReader((path) => session.workspace.getText(path));
  const here = check.document.path;
  /** The checked file that declares a symbol (this one, or an imported one). */
  const home = (path: string): CheckResult =>
    path === here ? check : session.check(pathToUri(path));
  /** The workflow that declares a step, param or var (of its own file, told apart when it has no name yet). */
  const workflowOf = (symbol: { path: string; workflow: string; unnamedAt?: string }) =>
    declaringWorkflow(home(symbol.path).document.file.workflows, symbol);

  switch (symbol.kind) {
    case "command": {
      const command = check.scope.commands.get(symbol.name);
      if (!command) return undefined;
      const commands =
        command.kind === "declared" ? home(command.path).scope.commands : check.scope.commands;
      return commandMarkdown(command, commands, source, here);
    }
    case "command-param": {
      if (symbol.unnamedAt !== undefined && symbol.path !== undefined) {
        // Not in scope by name: found where it starts, in its own file.
        const decl = home(symbol.path).document.file.commands?.find(
          (c) => c !== undefined && unnamedCommandAt(c) === symbol.unnamedAt,
        );
        const param = decl?.params?.find((p) => p?.name?.text === symbol.name);
        return param && declaredCommandParamMarkdown(param, undefined, symbol.path, source);
      }
      const command = check.scope.commands.get(symbol.command);
      if (!command) return undefined;
      if (command.kind === "builtin") {
        const param = command.signature.params.find((p) => p.name === symbol.name);
        return param && builtinCommandParamMarkdown(param, command.name);
      }
      const param = command.decl.params?.find((p) => p?.name?.text === symbol.name);
      return param && declaredCommandParamMarkdown(param, command.name, command.path, source);
    }
    case "workflow": {
      const workflow = home(symbol.path).document.file.workflows.find(
        (w) => w?.name?.text === symbol.name,
      );
      if (!workflow) return undefined;
      // A workflow's last run is not an inline figure: its hover says it whatever
      // `inlineMetrics` is (the VS Code extension turns that off: it draws the steps' own).
      return workflowMarkdown(workflow, symbol.path, source, findLastRun(symbol.path, symbol.name));
    }
    case "step": {
      const step = workflowOf(symbol)?.steps?.find((s) => s?.name?.text === symbol.name);
      if (!step) return undefined;
      return stepMarkdown({
        step,
        workflow: symbol.workflow,
        path: symbol.path,
        commands: home(symbol.path).scope.commands,
        source,
        lastRun: inlineMetrics ? findLastRun(symbol.path, symbol.workflow) : undefined,
      });
    }
    case "param":
    case "var": {
      const workflow = workflowOf(symbol);
      if (!workflow) return undefined;
      const named = (m: { name?: { text: string } } | undefined): boolean =>
        m?.name?.text === symbol.name;
      if (symbol.kind === "param") {
        const param = workflow.params?.find(named);
        return param && paramMarkdown(param, workflow, symbol.path, source);
      }
      const variable = workflow.vars?.find(named);
      return variable && varMarkdown(variable, workflow, symbol.path, source);
    }
    case "property": {
      const doc = propertyDoc(symbol.block, symbol.name);
      const lines = [codeBlock(`(${symbol.block} property) ${symbol.name}`)];
      if (doc.meaning) lines.push(doc.meaning);
      if (doc.type) {
        const facts = [`**Type:** ${doc.type}`];
        if (doc.min !== undefined) facts.push(`at least ${doc.min}`);
        if (doc.defaultValue !== undefined) facts.push(`default \`${doc.defaultValue}\``);
        if (doc.required) facts.push("required");
        lines.push(facts.join(" · "));
      } else {
        lines.push(`Not a property of a ${symbol.block}.`);
      }
      return lines.join("\n\n");
    }
    case "status": {
      const meaning = statusMeaning(symbol.of, symbol.name);
      const of = symbol.of === "step" ? "step status" : "run status";
      return `${codeBlock(`(${of}) ${symbol.name}`)}${meaning ? `\n\n${capitalize(meaning)}.` : ""}`;
    }
    case "type":
      return isTypeName(symbol.name)
        ? `${codeBlock(`(type) ${symbol.name}`)}\n\n${capitalize(describeType(symbol.name))}.`
        : undefined;
    case "item":
      return itemMarkdown(symbol, check);
    case "env":
      return envMarkdown(symbol.name, check, at);
    case "import": {
      const imported =
        session.workspace.getText(symbol.path) === undefined ? undefined : home(symbol.path);
      if (!imported)
        return `${codeBlock(`import ${basename(symbol.path)}`)}\n\n**Not found:** \`${symbol.path}\``;
      const file = imported.document.file;
      const names = (items: { name: { text: string } }[]): string =>
        items.length ? items.map((i) => `\`${i.name.text}\``).join(", ") : "none";
      return [
        codeBlock(`import ${basename(symbol.path)}`),
        `\`${symbol.path}\``,
        `**Commands:** ${names(file.commands)}\n\n**Workflows:** ${names(file.workflows)}`,
      ].join("\n\n");
    }
    case "test": {
      const test = check.document.file.tests.find((t) => t?.name?.text === symbol.name);
      const workflow = test?.properties?.find((p) => p?.name?.text === "workflow")?.value;
      const target =
        workflow?.kind === "ref" ? ` of workflow \`${workflow.segments[0]?.text}\`` : "";
      return `${codeBlock(`test ${JSON.stringify(symbol.name)}`)}\n\nA test${target}, run in a fresh temporary folder.`;
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Hover from the token under the cursor: a duration or size literal in plain
 * units, `matches`, and the fields of a step reference (`steps.<id>.status`,
 * a field of a JSON output, in code or inside a string's `${...}`) and the
 * built-in references (`run.id`, `workflow.dir`…), which no declaration names.
 */
/**
 * The step that fans out named at `position` (in this file or an imported
 * one), with the text of its file; undefined for any other name.
 */
function fanOutStepAt(
  check: CheckResult,
  session: LanguageSession,
  position: Position,
  pathSteps: readonly string[],
): FanOutStep | undefined {
  const hit = locateSymbol(check, position);
  if (hit?.symbol.kind !== "step") return undefined;
  const { path, workflow, name } = hit.symbol;
  const home = path === check.document.path ? check : session.check(pathToUri(path));
  const decl = home.document.file.workflows.find((w) => w?.name?.text === workflow);
  const step = decl?.steps?.find((s) => s?.name?.text === name);
  if (!decl || !step || !fansOut(step)) return undefined;
  const scope = testPathScope(check, position, pathSteps, step) ?? {
    decl,
    known: NO_KNOWN_LISTS,
  };
  return { step, text: home.document.text, scope, workflowNamed: workflowsOf(home) };
}

/** The workflows in scope in a checked file (its own and imported ones), by name. */
function workflowsOf(check: CheckResult): WorkflowLookup {
  return (name) => check.scope.workflows.get(name)?.decl;
}

/**
 * Where the fan-out step `step`, at the end of a test's path `pathSteps`
 * (`given/convert`), reads its items: the workflow the path leads to, with
 * the lists the calls on the path give it written out. Outside a test (or a
 * path that does not lead to `step`), undefined: its own workflow, which
 * knows none of its params, is where it reads them.
 */
function testPathScope(
  check: CheckResult,
  position: Position,
  pathSteps: readonly string[],
  step: StepDeclaration,
): ListScope | undefined {
  const test = check.document.file.tests.find((t) => t?.range && contains(t.range, position));
  const testedName = test && testedWorkflowName(test);
  const tested = testedName === undefined ? undefined : check.scope.workflows.get(testedName);
  const scoped = tested && testStepScopes(pathSteps, tested, check.scope.workflows);
  const last = scoped?.length === pathSteps.length ? scoped.at(-1) : undefined;
  return last?.decl === step ? last.scope : undefined;
}

/**
 * `fanOutStepAt`: the fan-out step named at a position, whose `[n]` after it
 * in a test names an instance.
 */
function tokenHover(
  check: CheckResult,
  position: Position,
  fanOutStepAt: (position: Position, pathSteps: readonly string[]) => FanOutStep | undefined,
): Hover | null {
  const text = check.document.text;
  const { tokens, lines } = documentTokens(check.document);
  const offset = lines.offsetAt(position);
  const index = tokenIndexAt(tokens, offset);
  const token = tokens[index];
  if (!token) return null;
  const range = (start: number, end: number): Range => ({
    start: lines.positionAt(start),
    end: lines.positionAt(end),
  });
  const end = token.startOffset + token.image.length;
  if (token.tokenType === T.Matches)
    return markdown(
      `${codeBlock("(comparison) matches")}\n\n${MATCHES_DOC}`,
      range(token.startOffset, end),
    );
  // `for_each: f in glob("…")`: the only call a fan-out's items may be.
  if (token.image === "glob" && tokens[index + 1]?.tokenType === T.LParen)
    return markdown(`${codeBlock(GLOB_SIGNATURE)}\n\n${GLOB_DOC}`, range(token.startOffset, end));
  if (token.tokenType === T.Contains) {
    // `contains(list, item)` in a condition; `expect … contains "x"` compares.
    const call = tokens[index + 1]?.tokenType === T.LParen;
    return markdown(
      call
        ? `${codeBlock(`(function) ${CONTAINS_SIGNATURE}`)}\n\n${CONTAINS_FUNCTION_DOC}`
        : `${codeBlock("(comparison) contains")}\n\n${CONTAINS_COMPARISON_DOC}`,
      range(token.startOffset, end),
    );
  }
  const inner = interpolationTokensAt(token, offset);
  const indexed = inner ? undefined : indexedNameAt(tokens, index);
  const fanOut =
    indexed &&
    fanOutStepAt(
      lines.positionAt(indexed.name.startOffset),
      pathStepsUpTo(tokens, tokens.indexOf(indexed.name)),
    );
  if (indexed && fanOut) {
    const instance = instanceHover(fanOut, indexed.number, indexed.close);
    return markdown(instance.markdown, range(instance.start, instance.end));
  }
  const field = inner
    ? referenceFieldAt(inner, tokenIndexAt(inner, offset), text)
    : (referenceFieldAt(tokens, index, text) ?? expectedFieldAt(tokens, index, text));
  if (field?.kind === "status")
    return markdown(
      `${codeBlock(`(step status) steps.${field.step}.status`)}\n\n${STEP_STATUS_DOC}`,
      range(field.start, field.end),
    );
  if (field?.kind === "outputs")
    return markdown(
      `${codeBlock(`(fan-out outputs) steps.${field.step}.outputs`)}\n\n${FAN_OUT_OUTPUTS_DOC}`,
      range(field.start, field.end),
    );
  if (field?.kind === "instance")
    return markdown(
      instanceOutputMarkdown(
        check.document.file,
        text,
        position,
        field.step,
        field.index,
        workflowsOf(check),
      ),
      range(field.start, field.end),
    );
  if (field?.kind === "instance-field")
    return markdown(
      instanceFieldMarkdown(
        check.document.file,
        position,
        field.step,
        field.index,
        field.path,
        workflowsOf(check),
      ),
      range(field.start, field.end),
    );
  const builtin = inner
    ? builtinReferenceAt(inner, tokenIndexAt(inner, offset))
    : builtinReferenceAt(tokens, index);
  if (builtin) return markdown(builtin.markdown, range(builtin.start, builtin.end));
  const ownInstance = (id: string): boolean => undoesInstanceAt(check.document.file, position, id);
  const root = inner
    ? referenceRootAt(inner, tokenIndexAt(inner, offset), ownInstance)
    : referenceRootAt(tokens, index, ownInstance);
  if (root) return markdown(root.markdown, range(root.start, root.end));
  const fn = inner && pathFunctionAt(inner, tokenIndexAt(inner, offset));
  if (fn) return markdown(fn.markdown, range(fn.start, fn.end));
  const item = inner
    ? valueItemHover(inner, tokenIndexAt(inner, offset), check.document.file, position)
    : valueItemHover(tokens, index, check.document.file, position);
  if (item) return markdown(item.markdown, range(item.start, item.end));
  if (field?.kind === "json")
    return markdown(
      `${codeBlock(`(JSON output field) ${field.path}`)}\n\n${jsonFieldDoc(field.step)}`,
      range(field.start, field.end),
    );
  if (token.image === JS_ACTION && tokens[index + 1]?.tokenType === T.LParen)
    return markdown(
      `${codeBlock(JS_ACTION_SIGNATURE)}\n\n${JS_ACTION_DOC}`,
      range(token.startOffset, end),
    );
  const size = token.tokenType === T.SizeLiteral ? describeSize(token.image) : undefined;
  const words =
    token.tokenType === T.DurationLiteral
      ? describeDuration(token.image)
      : size && `${size} (sizes count in powers of 1024)`;
  if (!words) return null;
  const kind = token.tokenType === T.DurationLiteral ? "duration" : "size";
  return markdown(
    `${codeBlock(`(${kind}) ${token.image}`)}\n\n${words}`,
    range(token.startOffset, end),
  );
}

/** The range of the `none` of a `rollback: none` at `position` in `file`, if there is one there. */
export function noRollbackAt(file: SourceFile, position: Position): Range | undefined {
  const blocks = [
    ...(file.commands ?? []),
    ...(file.workflows ?? []).flatMap((workflow) => workflow?.steps ?? []),
  ];
  for (const block of blocks) {
    for (const property of block?.properties ?? []) {
      const value = property?.value;
      if (value?.kind === "none" && contains(value.range, position)) return value.range;
    }
  }
  return undefined;
}

/** The word of a step's `output: json` (or `text`) at `position`, with its range. */
function outputFormatAt(
  file: SourceFile,
  position: Position,
): { word: "json" | "text"; range: Range } | undefined {
  for (const workflow of file.workflows ?? []) {
    for (const step of workflow?.steps ?? []) {
      const value = step?.properties?.find((p) => p?.name?.text === "output")?.value;
      const word = outputFormatOf(value);
      if (word && value && contains(value.range, position)) return { word, range: value.range };
    }
  }
  return undefined;
}
