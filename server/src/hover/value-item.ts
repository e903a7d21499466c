/**
 * Hover on an item or field of a param's, var's or command parameter's value
 * (`[1]` of `samples[1]`, `region` of `config.region`, in code or inside a
 * `${...}`), or of a fan-out's item over such a value: the reference up to
 * it, and the value written there when the file writes it out (a var's
 * value, a param's default; an item's, in the list's first item).
 */
import { type IToken, tokenMatcher } from "chevrotain";
import {
  type Position,
  type SourceFile,
  type StepDeclaration,
  tokens as T,
} from "@momoflow/language";
import { endOf, type TokenHover } from "./adjacent-tokens";
import { codeBlock } from "./declaration-markdown";
import { bracketedNumber, followsPath, writtenTogetherFrom } from "./reference-field";
import { contains } from "../analysis/range-contains";
import {
  forEachItemValueAt,
  isForEachItem,
  type NamedValues,
  writtenValueAt,
} from "../analysis/written-value";

/** The roots whose fields are built-in values, hovered elsewhere. */
const BUILTIN_ROOTS: ReadonlySet<string> = new Set(["steps", "env", "run", "workflow"]);

/** How long the value shown may be. */
const SHOWN_LENGTH = 400;

/**
 * The hover of the item or field at `tokens[index]` (a name or a number, or
 * the brackets around one) of a bare name's value, the name being a param,
 * var or command parameter of the declaration at `position`; undefined
 * anywhere else.
 */
export function valueItemHover(
  tokens: readonly IToken[],
  index: number,
  file: SourceFile,
  position: Position,
): TokenHover | undefined {
  const at = bracketedNumber(tokens, index) ?? index;
  const hovered = tokens[at];
  if (!hovered || !(isName(hovered) || hovered.tokenType === T.NumberLiteral)) return undefined;
  const start = writtenTogetherFrom(tokens, at);
  const root = tokens[start];
  if (start === at || !isName(root) || BUILTIN_ROOTS.has(root!.image)) return undefined;
  if (!followsPath(tokens, start + 1, at)) return undefined;
  const declared = namesAt(file, position);
  const decl = declared.find((d) => d?.name?.text === root!.image);
  const step = stepAt(file, position);
  const item = !decl && isForEachItem(step, root!.image);
  if (!decl && !item) return undefined;
  const path = pathUpTo(tokens, start + 1, at);
  const closing = tokens[at + 1];
  const last =
    hovered.tokenType === T.NumberLiteral && closing?.tokenType === T.RBracket ? closing : hovered;
  const written = `${root!.image}${path.map((p) => (p.startsWith("[") ? p : `.${p}`)).join("")}`;
  const what = item ? "item" : decl!.kind === "var" ? "var" : "param";
  const known = item
    ? forEachItemValueAt(declared, step, root!.image, path)
    : writtenValueAt(declared, root!.image, path);
  const label = item ? `in fan-out item ${root!.image}` : `item of ${what} ${root!.image}`;
  const lines = [codeBlock(`(${label}) ${written}`)];
  if (known) lines.push(`In ${known.where}:`, `\`\`\`json\n${shown(known.value)}\n\`\`\``);
  else
    lines.push(
      `Read from the value of ${what} \`${root!.image}\` when the run reads it; a step that reads an item or field it does not have fails, naming it.`,
    );
  return {
    markdown: lines.join("\n\n"),
    // An index is hovered with its brackets.
    start:
      hovered.tokenType === T.NumberLiteral && tokens[at - 1]?.tokenType === T.LBracket
        ? tokens[at - 1]!.startOffset
        : hovered.startOffset,
    end: endOf(last),
  };
}

function isName(token: IToken | undefined): boolean {
  return token !== undefined && tokenMatcher(token, T.Name);
}

/** The parts of the path `tokens[from..to]` as written: `sites`, `[0]`. */
function pathUpTo(tokens: readonly IToken[], from: number, to: number): string[] {
  const parts: string[] = [];
  for (let i = from; i <= to; i++) {
    const token = tokens[i]!;
    if (token.tokenType === T.NumberLiteral) parts.push(`[${token.image}]`);
    else if (isName(token)) parts.push(token.image);
  }
  return parts;
}

/** The step at `position`, if any. */
function stepAt(file: SourceFile, position: Position): StepDeclaration | undefined {
  const workflow = file.workflows?.find((w) => w?.range && contains(w.range, position));
  return workflow?.steps?.find((s) => s?.range && contains(s.range, position));
}

/** The params and vars of the workflow, or the parameters of the command, at `position`. */
function namesAt(file: SourceFile, position: Position): NamedValues {
  const workflow = file.workflows?.find((w) => w?.range && contains(w.range, position));
  if (workflow) return [...(workflow.params ?? []), ...(workflow.vars ?? [])];
  const command = file.commands?.find((c) => c?.range && contains(c.range, position));
  return command?.params ?? [];
}

function shown(value: unknown): string {
  const text = JSON.stringify(value, null, 2) ?? "null";
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}…` : text;
}
