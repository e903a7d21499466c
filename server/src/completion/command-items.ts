/**
 * Commands as completion and signature help present them, whether a built-in
 * (its signature from the engine's command registry) or declared in a
 * `.momoflow` file (its declaration): parameters with types, defaults and
 * docs, the documentation, what undoes it. Completion offers them after
 * `run:` / `rollback:` (the file's own, the imported ones and the
 * built-ins, from the checked scope, so exactly what the checker accepts),
 * each inserted with its required arguments to fill in, and inside a call the
 * named arguments not given yet, in parameter order.
 */
import {
  commandParameters,
  type CommandSymbol,
  JS_ACTION,
  type FileScope,
} from "@momoflow/language";
import { propertyText } from "../analysis/declaration-text";
import { JS_ACTION_DOC, JS_ACTION_SIGNATURE } from "../language-docs";
import { commandUndo, describeCommandUndo } from "../analysis/undo-explanation";
import type { SourceReader } from "../session/workspace-files";
import { basename } from "node:path";
import { CompletionItemKind } from "vscode-languageserver/node";
import type { ItemBuilder } from "./item-builder";

/** One parameter of a command. */
export interface ParameterInfo {
  name: string;
  type: string;
  required: boolean;
  /** The default as written (`""`, `5s`), when there is one. */
  default: string | undefined;
  doc: string | undefined;
}

/** A command, declared or built-in. */
export interface CommandInfo {
  name: string;
  builtin: boolean;
  params: ParameterInfo[];
  /** Markdown: the doc comment or the command's documentation. */
  doc: string | undefined;
  /** What undoes a step calling it, as a Markdown line ("**Undone by:** …"), when known. */
  undo: string | undefined;
}

/** `name: type = default`. */
export function parameterLabel(param: ParameterInfo): string {
  const text = `${param.name}: ${param.type}`;
  return param.default === undefined ? text : `${text} = ${param.default}`;
}

/** `name(a: type, b: type = default)`. */
export function signatureLabel(command: CommandInfo): string {
  return `${command.name}(${command.params.map(parameterLabel).join(", ")})`;
}

/** The documentation of a command: its doc, then what undoes it. */
export function commandDocumentation(command: CommandInfo): string {
  const parts: string[] = [];
  if (command.doc) parts.push(command.doc);
  if (command.undo) parts.push(command.undo);
  return parts.join("\n\n");
}

/**
 * Describes `symbol`; `commands` is the scope it is seen from (a declared
 * command's undo may be another's), `source` reads defaults as written.
 */
export function commandInfo(
  symbol: CommandSymbol,
  commands: ReadonlyMap<string, CommandSymbol>,
  source: SourceReader,
): CommandInfo {
  const undo = describeCommandUndo(commandUndo(symbol, commands), source);
  const parameters = [...commandParameters(symbol).values()];
  if (symbol.kind === "builtin") {
    const signature = symbol.signature;
    const byName = new Map(signature.params.map((p) => [p.name, p]));
    return {
      name: symbol.name,
      builtin: true,
      params: parameters.map((p) => {
        const declared = byName.get(p.name);
        return {
          name: p.name,
          type: p.type,
          required: p.required,
          default: declared?.default === undefined ? undefined : JSON.stringify(declared.default),
          doc: declared?.description,
        };
      }),
      doc: signature.doc ?? (signature.description || undefined),
      undo,
    };
  }
  const decl = symbol.decl;
  const byName = new Map((decl.params ?? []).map((p) => [p.name?.text, p]));
  return {
    name: symbol.name,
    builtin: false,
    params: parameters.map((p) => {
      const declared = byName.get(p.name);
      return {
        name: p.name,
        type: p.type,
        required: p.required,
        default: declared?.default && (source(symbol.path, declared.default.range) ?? "…"),
        doc: declared?.doc,
      };
    }),
    doc: decl.doc ?? propertyText(decl.properties, "description"),
    undo,
  };
}

/** `copy_file(source: ${1}, destination: ${2})`: the command with its required arguments. */
export function callSnippet(command: CommandInfo): string {
  const required = command.params.filter((p) => p.required);
  if (required.length === 0) return `${command.name}(\${1})`;
  return `${command.name}(${required.map((p, i) => `${p.name}: \${${i + 1}}`).join(", ")})`;
}

/**
 * Adds every command in scope but `exclude` (the command being written: it
 * cannot call itself); `parenthesisFollows`: the call's `(` is already written.
 */
export function addCommands(
  builder: ItemBuilder,
  scope: FileScope,
  parenthesisFollows: boolean,
  source: SourceReader,
  exclude?: string,
): void {
  for (const symbol of scope.commands.values()) {
    if (symbol.name === exclude) continue;
    const info = commandInfo(symbol, scope.commands, source);
    let documentation = commandDocumentation(info);
    if (symbol.kind === "declared" && symbol.path !== scope.path)
      documentation = `${documentation}\n\n_Declared in ${basename(symbol.path)}._`.trim();
    builder.add(info.name, CompletionItemKind.Function, {
      snippet: parenthesisFollows ? info.name : callSnippet(info),
      insert: info.name,
      detail: signatureLabel(info),
      documentation,
      group: info.builtin ? 1 : 0,
    });
  }
  builder.add(JS_ACTION, CompletionItemKind.Function, {
    snippet: parenthesisFollows
      ? JS_ACTION
      : `${JS_ACTION}("\${1:./module.mjs}", "\${2:exportName}")`,
    insert: JS_ACTION,
    detail: JS_ACTION_SIGNATURE,
    documentation: JS_ACTION_DOC,
    group: 2,
  });
}

/** Adds the named arguments of a call that are not given yet, in parameter order. */
export function addArguments(
  builder: ItemBuilder,
  command: CommandInfo,
  given: ReadonlySet<string>,
): void {
  for (const param of command.params) {
    if (given.has(param.name)) continue;
    builder.add(param.name, CompletionItemKind.Field, {
      snippet: `${param.name}: $0`,
      insert: `${param.name}: `,
      key: true,
      detail: `${parameterLabel(param)}${param.required ? " (required)" : ""}`,
      documentation: param.doc,
      group: param.required ? 0 : 1,
    });
  }
}
