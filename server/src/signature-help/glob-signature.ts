/**
 * Signature help inside `glob(` of a fan-out's items (`for_each: f in
 * glob("data/*.csv")`): the one call the items may be, with its one operand.
 */
import { MarkupKind, type SignatureHelp } from "vscode-languageserver/node";
import { GLOB_DOC } from "../language-docs";

const LABEL = "glob(pattern)";

/** The signature help of `glob(pattern)`, its pattern active. */
export function globSignatureHelp(): SignatureHelp {
  const start = "glob(".length;
  return {
    signatures: [
      {
        label: LABEL,
        documentation: { kind: MarkupKind.Markdown, value: GLOB_DOC },
        parameters: [
          {
            label: [start, start + "pattern".length],
            documentation: "A path pattern: `*`, `**`, `?`, `[…]`, `{a,b}`.",
          },
        ],
      },
    ],
    activeSignature: 0,
    activeParameter: 0,
  };
}
