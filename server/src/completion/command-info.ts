/**
 * A command as completion and signature help present it, whether it is a
 * built-in (its signature from the engine's command registry) or declared in
 * a `.momoflow` file (its declaration): parameters with types, defaults and
 * docs, its documentation, and what undoes it.
 */
import { commandParameters, type CommandSymbol } from "@momoflow/language";
import { propertyText } from "../analysis/declaration-text";
import { commandUndo, describeCommandUndo } from "../analysis/undo-explanation";
import type { SourceReader } from "../session/source-reader";

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
