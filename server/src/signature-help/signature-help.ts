/**
 * `textDocument/signatureHelp` inside a command call (or a workflow call,
 * `run: workflow name(`, whose params are its parameters): the signature
 * `name(param: type = default, ...)`, its parameters' docs, and as active
 * parameter the argument the cursor is in (or the next one not given yet).
 */
import {
  MarkupKind,
  type ParameterInformation,
  type ServerCapabilities,
  type SignatureHelp,
} from "vscode-languageserver/node";
import {
  commandDocumentation,
  commandInfo,
  type CommandInfo,
  parameterLabel,
  signatureLabel,
} from "../completion/command-items";
import { containsSignatureHelp } from "./contains-signature";
import { analyzeCursor, type CursorAnalysis } from "../cursor/cursor-context";
import { argumentAfterCursor, givenArguments } from "../cursor/cursor-text";
import { findEnclosing } from "../cursor/enclosing-declarations";
import { currentValue, type CallFrame } from "../cursor/scan-state";
import { type FeatureContext, guarded } from "../feature";
import { sourceReader, documentFirst, type SourceReader } from "../session/workspace-files";
import type { FileScope } from "@momoflow/language";
import { workflowCallInfo } from "./workflow-call-info";
import { globSignatureHelp } from "./glob-signature";
import { pathFunctionSignatureHelp } from "./path-function-signature";

export function registerSignatureHelp({
  connection,
  session,
  client,
}: FeatureContext): ServerCapabilities {
  const files = sourceReader((path) => session.workspace.getText(path));
  connection.onSignatureHelp(
    guarded(connection, "signatureHelp", (params): SignatureHelp | null => {
      const document = session.document(params.textDocument.uri);
      if (!document) return null;
      const check = session.check(params.textDocument.uri);
      const text = check.document.text;
      if (text !== document.getText()) return null;
      const offset = document.offsetAt(params.position);
      // `${basename(…)}` in a string: a path function, which the cursor's analysis does not read.
      const pathFunction = pathFunctionSignatureHelp(check.document, offset);
      if (pathFunction) return pathFunction;
      const analysis = analyzeCursor(text, offset, check.document.file, document);
      const call = analysis.call;
      const enclosingWorkflow = () =>
        findEnclosing(analysis.declaration, analysis.blocks, check.scope, document).workflow;
      // `contains(…)` in a condition is no command: it has forms of its own.
      if (call?.callee === "contains" && !call.workflow && !check.scope.commands.has("contains"))
        return containsSignatureHelp(text, call.calleeOffset, offset, enclosingWorkflow());
      if (!call) return null;
      // `glob(…)` of a fan-out's items is no command either.
      if (call.callee === "glob" && inForEach(analysis) && !check.scope.commands.has("glob"))
        return globSignatureHelp();
      const source = documentFirst(check.document.path, document, files);
      const command = calleeInfo(call, check.scope, source);
      if (!command) return null;
      const typed = text.slice(analysis.replace.start, offset);
      const given = givenArguments(text, analysis, call);
      const documentation = commandDocumentation(command);
      const active = activeParameter(command, call, given, typed, analysis, text);
      // No parameter active (all given, or a name none has): `null` where the
      // client takes it, else left out; a number past the end would mean 0.
      const noActive = client.textDocument?.signatureHelp?.signatureInformation
        ?.noActiveParameterSupport
        ? { activeParameter: null }
        : {};
      return {
        signatures: [
          {
            label: signatureLabel(command),
            ...(documentation
              ? { documentation: { kind: MarkupKind.Markdown, value: documentation } }
              : {}),
            parameters: parameterInformation(command),
          },
        ],
        activeSignature: 0,
        ...(active === undefined ? noActive : { activeParameter: active }),
      };
    }),
  );
  return {
    signatureHelpProvider: { triggerCharacters: ["(", ","], retriggerCharacters: [":", " "] },
  };
}

/** The cursor is in the value of a step's `for_each` (its items). */
function inForEach(analysis: CursorAnalysis): boolean {
  const block = analysis.blocks[analysis.blocks.length - 1];
  const role = block && currentValue(block)?.role;
  return role?.kind === "property" && role.property === "for_each";
}

/** The command a call names, or the workflow of `run: workflow name(`, as signature help shows it. */
function calleeInfo(
  call: CallFrame,
  scope: FileScope,
  source: SourceReader,
): CommandInfo | undefined {
  if (call.workflow) {
    const workflow = scope.workflows.get(call.callee);
    return workflow && workflowCallInfo(workflow, source);
  }
  const symbol = scope.commands.get(call.callee);
  return symbol && commandInfo(symbol, scope.commands, source);
}

/** Each parameter as a range of the signature's label, with its doc. */
function parameterInformation(command: CommandInfo): ParameterInformation[] {
  let start = command.name.length + 1;
  return command.params.map((param) => {
    const label = parameterLabel(param);
    const range: [number, number] = [start, start + label.length];
    start += label.length + 2;
    const notes = [param.doc, param.required ? "Required." : undefined].filter(Boolean);
    return notes.length > 0
      ? { label: range, documentation: { kind: MarkupKind.Markdown, value: notes.join(" ") } }
      : { label: range };
  });
}

/**
 * The parameter being written at the cursor, as TypeScript and rust-analyzer
 * take it: the argument whose value the cursor is in; at an argument's name,
 * the parameter that name starts, else the argument that follows in the
 * cursor's slot (`path: "a",| content: "x"` → `content`), else the first one
 * not given yet. None (undefined) when every parameter is given, or the
 * argument's name is none of them.
 */
function activeParameter(
  command: CommandInfo,
  call: CallFrame,
  given: ReadonlySet<string>,
  typed: string,
  analysis: CursorAnalysis,
  text: string,
): number | undefined {
  const index = (name: string | undefined): number | undefined => {
    const found = command.params.findIndex((p) => p.name === name);
    return found < 0 ? undefined : found;
  };
  if (call.stage === "value" && call.argument !== undefined) return index(call.argument);
  if (analysis.context.kind === "arguments" && typed) {
    const started = command.params.find((p) => !given.has(p.name) && p.name.startsWith(typed));
    if (started) return index(started.name);
  }
  const following = typed ? undefined : index(argumentAfterCursor(text, analysis.replace.end));
  if (following !== undefined) return following;
  const next = command.params.find((p) => !given.has(p.name));
  return next && index(next.name);
}
