/**
 * A command in Markdown, for hover: its signature as a `momoflow` code block,
 * its description and documentation, its parameters, and how a step calling
 * it is undone.
 */
import { basename } from "node:path";
import { type ParamDeclaration, type CommandSymbol, readsAValue } from "@momoflow/language";
import { MASK } from "@momoflow/runtime";
import { commandUndo, describeCommandUndo, type SourceReader } from "./undo-explanation";

/** A fenced `momoflow` code block. */
export function codeBlock(code: string): string {
  return "```momoflow\n" + code + "\n```";
}

/** `name: type = default` of a declared parameter, as written (a secret's written value as `***`). */
export function declaredParameter(
  param: ParamDeclaration,
  path: string,
  source: SourceReader,
): string {
  const type = param.type?.name?.text ? `: ${param.type.name.text}` : "";
  // A secret's value is never shown, not even the one written in the file (MF016).
  const hidden =
    param.type?.name?.text === "secret" && param.default && !readsAValue(param.default);
  const written = hidden ? MASK : param.default && source(path, param.default.range);
  return `${param.name?.text ?? "?"}${type}${written ? ` = ${written}` : ""}`;
}

/** `command copy_file(source: path, destination: path)`. */
export function commandSignature(command: CommandSymbol, source: SourceReader): string {
  const params =
    command.kind === "builtin"
      ? command.signature.params.map(
          (p) =>
            `${p.name}: ${p.type}${p.default === undefined ? "" : ` = ${JSON.stringify(p.default)}`}`,
        )
      : (command.decl.params ?? [])
          .filter(Boolean)
          .map((p) => declaredParameter(p, command.path, source));
  return `command ${command.name}(${params.join(", ")})`;
}

/** The value of a declared command's `description`, when it is a plain string. */
function declaredDescription(command: CommandSymbol): string | undefined {
  if (command.kind === "builtin") return command.signature.description || undefined;
  const value = command.decl.properties?.find((p) => p?.name?.text === "description")?.value;
  if (value?.kind !== "string") return undefined;
  return value.parts.map((part) => (part.kind === "text" ? part.value : "${…}")).join("");
}

/** Everything hover shows about a command, `fromPath` being the file hovered in. */
export function commandMarkdown(
  command: CommandSymbol,
  commands: ReadonlyMap<string, CommandSymbol>,
  source: SourceReader,
  fromPath: string,
): string {
  const sections = [codeBlock(commandSignature(command, source))];
  const description = declaredDescription(command);
  if (description) sections.push(description);
  const doc = command.kind === "builtin" ? command.signature.doc : command.decl.doc;
  if (doc) sections.push(doc);
  if (command.kind === "builtin") {
    const documented = command.signature.params.filter((p) => p.description);
    if (documented.length) {
      sections.push(documented.map((p) => `- \`${p.name}\`: ${p.description}`).join("\n"));
    }
  }
  const undo = describeCommandUndo(commandUndo(command, commands), source);
  if (undo) sections.push(undo);
  if (command.kind === "builtin") sections.push("_Built-in command._");
  else if (command.path !== fromPath) sections.push(`_Declared in ${basename(command.path)}._`);
  return sections.join("\n\n");
}
