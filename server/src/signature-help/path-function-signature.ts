/**
 * Signature help inside a function of a string's interpolation
 * (`"out/${stem(file)}.json"`): `basename(path)`, `stem(path)`,
 * `dirname(path)` or `json(value)`, its one parameter active, in the words of
 * its hover and completion. Outside `${…}` these names are no functions (there a call is a
 * command's), so the command signature help does not show them.
 */
import { MarkupKind, type SignatureHelp } from "vscode-languageserver/node";
import { INTERPOLATION_FUNCTIONS, type ParsedDocument, tokens as T } from "@momoflow/language";
import { pathFunctionDoc } from "../language-docs";
import { interpolationTokensAt } from "../hover/reference-field";
import { documentTokens, tokenIndexAt } from "../session/document-tokens";

/** The signature help of the interpolation function whose parentheses hold `offset` inside a `${…}`, if one does. */
export function pathFunctionSignatureHelp(
  document: ParsedDocument,
  offset: number,
): SignatureHelp | undefined {
  const { tokens } = documentTokens(document);
  const string = tokens[tokenIndexAt(tokens, offset)];
  const inner = string && interpolationTokensAt(string, offset);
  // An interpolation holds one reference, maybe given to one function: `${name(ref)}`.
  const [callee, open] = inner ?? [];
  if (!callee || open?.tokenType !== T.LParen || offset <= open.startOffset) return undefined;
  const fn = INTERPOLATION_FUNCTIONS.get(callee.image);
  const closed = inner!.some((t) => t.tokenType === T.RParen && t.startOffset < offset);
  if (!fn || closed) return undefined;
  const start = callee.image.length + 1;
  const parameter = fn.parameter.name;
  return {
    signatures: [
      {
        label: `${callee.image}(${parameter})`,
        documentation: { kind: MarkupKind.Markdown, value: pathFunctionDoc(fn) },
        parameters: [
          {
            label: [start, start + parameter.length],
            documentation: `The ${parameter}: one reference (${fn.parameter.type === "path" ? "`file`, the `for_each` item, a param" : "a param, a var, `steps.x.output`, a fan-out's `steps.x.outputs`"}).`,
          },
        ],
      },
    ],
    activeSignature: 0,
    activeParameter: 0,
  };
}
