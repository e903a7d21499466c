/**
 * Signature help inside `contains(…)` of a condition: its three forms, named
 * as language.md's condition table names them, and as active parameter the
 * operand the cursor is in (commas between them counted, not named arguments).
 */
import {
  MarkupKind,
  type SignatureHelp,
  type SignatureInformation,
} from "vscode-languageserver/node";
import { CONTAINS_FUNCTION_DOC } from "../language-docs";

/** One form: its two operands, what each takes, and when it is true. */
interface ContainsForm {
  operands: [string, string];
  takes: [string, string];
  trueWhen: string;
}

const FORMS: readonly ContainsForm[] = [
  {
    operands: ["list", "item"],
    takes: ["A list.", "A value."],
    trueWhen: "an item of the list equals the value",
  },
  {
    operands: ["text", "part"],
    takes: ["A string (or path).", "A value."],
    trueWhen: "the value's text is inside the string",
  },
  { operands: ["map", "key"], takes: ["A map.", "A string."], trueWhen: "the map has that key" },
];

/**
 * The signature help of `contains(` whose name starts at `calleeOffset` in
 * `text`, for the cursor at `offset`.
 */
export function containsSignatureHelp(
  text: string,
  calleeOffset: number,
  offset: number,
): SignatureHelp {
  return {
    signatures: FORMS.map(signature),
    activeSignature: 0,
    activeParameter: Math.min(operandIndex(text, calleeOffset, offset), 1),
  };
}

function signature({ operands, takes, trueWhen }: ContainsForm): SignatureInformation {
  const [first, second] = operands;
  const label = `contains(${first}, ${second})`;
  const start = "contains(".length;
  return {
    label,
    documentation: {
      kind: MarkupKind.Markdown,
      value: `True when ${trueWhen}.\n\n${CONTAINS_FUNCTION_DOC}`,
    },
    parameters: [
      { label: [start, start + first.length], documentation: takes[0] },
      {
        label: [start + first.length + 2, start + first.length + 2 + second.length],
        documentation: takes[1],
      },
    ],
  };
}

/** How many commas at the call's own depth come between its `(` and the cursor. */
function operandIndex(text: string, calleeOffset: number, offset: number): number {
  const open = text.indexOf("(", calleeOffset);
  if (open < 0 || open >= offset) return 0;
  let depth = 0;
  let commas = 0;
  let quoted = false;
  for (let i = open + 1; i < offset; i++) {
    const char = text[i];
    if (quoted) {
      if (char === "\\") i++;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === "(" || char === "[" || char === "{") depth++;
    else if (char === ")" || char === "]" || char === "}") depth--;
    else if (char === "," && depth === 0) commas++;
  }
  return commas;
}
