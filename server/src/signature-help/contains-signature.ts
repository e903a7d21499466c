/**
 * Signature help inside `contains(…)` of a condition: its three forms, named
 * as language.md's condition table names them, the one the first operand's
 * type or shape picks as active (a list, a text, a map), and as active
 * parameter the operand the cursor is in (commas between them counted, not
 * named arguments).
 */
import {
  MarkupKind,
  type SignatureHelp,
  type SignatureInformation,
} from "vscode-languageserver/node";
import type { ValueType, WorkflowDeclaration } from "@momoflow/language";
import { CONTAINS_FUNCTION_DOC } from "../language-docs";
import { referenceType } from "../analysis/value-type-inference";

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

/** The form each kind of first operand picks: its index in {@link FORMS}. */
const FORM_OF: Partial<Record<ValueType | "status", number>> = {
  list: 0,
  string: 1,
  path: 1,
  secret: 1,
  status: 1,
  map: 2,
};

/**
 * The signature help of `contains(` whose name starts at `calleeOffset` in
 * `text`, for the cursor at `offset`; `workflow`: the one the condition is
 * written in, whose params and vars type a first operand that names them.
 */
export function containsSignatureHelp(
  text: string,
  calleeOffset: number,
  offset: number,
  workflow: WorkflowDeclaration | undefined,
): SignatureHelp {
  const operands = readOperands(text, calleeOffset, offset);
  const first = operands.first === undefined ? "any" : operandType(operands.first, workflow);
  return {
    signatures: FORMS.map(signature),
    // A first operand of no known kind (not written yet, a step's output) keeps the list form.
    activeSignature: FORM_OF[first] ?? 0,
    activeParameter: Math.min(operands.index, 1),
  };
}

/** The kind of the first operand as written: a literal's shape, a reference's type. */
function operandType(
  written: string,
  workflow: WorkflowDeclaration | undefined,
): ValueType | "status" {
  if (written.startsWith("[")) return "list";
  if (written.startsWith("{")) return "map";
  if (written.startsWith('"')) return "string";
  if (!/^[A-Za-z_]\w*(\s*\.\s*[A-Za-z_]\w*)*$/.test(written)) return "any";
  const segments = written.split(".").map((segment) => segment.trim());
  if (segments[0] === "steps" && segments.length === 3) {
    // A fan-out step's outputs are a list; a status is a word.
    if (segments[2] === "outputs") return "list";
    if (segments[2] === "status") return "status";
    return "any";
  }
  return workflow ? referenceType(segments, workflow) : "any";
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

/** How far past the cursor the first operand is read: a condition is short. */
const LOOKAHEAD = 4000;

/**
 * How many commas at the call's own depth come between its `(` and the
 * cursor (`index`), and the first operand's text, trimmed (read on past the
 * cursor to its end; undefined when it is empty).
 */
function readOperands(
  text: string,
  calleeOffset: number,
  offset: number,
): { index: number; first: string | undefined } {
  const open = text.indexOf("(", calleeOffset);
  if (open < 0 || open >= offset) return { index: 0, first: undefined };
  let depth = 0;
  let commas = 0;
  let quoted = false;
  let firstEnd: number | undefined;
  const stop = Math.min(text.length, offset + LOOKAHEAD);
  for (let i = open + 1; i < stop; i++) {
    const char = text[i];
    if (i >= offset && firstEnd !== undefined) break;
    if (quoted) {
      if (char === "\\") i++;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === "(" || char === "[" || char === "{") depth++;
    else if ((char === ")" || char === "]" || char === "}") && depth > 0) depth--;
    else if ((char === "," || char === ")" || char === "\n") && depth === 0) {
      // Past the cursor, the end of the first operand is all that is looked for.
      firstEnd ??= i;
      if (char === "," && i < offset) commas++;
      if (char !== "," && i >= offset) break;
    }
  }
  const first = text.slice(open + 1, firstEnd ?? stop).trim();
  return { index: commas, first: first === "" ? undefined : first };
}
