import assert from "node:assert/strict";
import type { Hover, MarkupContent, SignatureHelp } from "vscode-languageserver-protocol/node";
import { useWorkspaceSession } from "../support/workspace-session";

/** A fan-out step whose `run` is `run` (the cursor at `|`, taken out of the text). */
function fanOut(run: string): { text: string; line: number; character: number } {
  const lines = [
    "workflow w {",
    "  step convert {",
    '    for_each: file in glob("data/*.csv")',
    `    run: ${run}`,
    "  }",
    "}",
    "",
  ];
  const character = lines[3]!.indexOf("|");
  lines[3] = lines[3]!.replace("|", "");
  return { text: lines.join("\n"), line: 3, character };
}

describe("language server: signature help of a path function in ${…} (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-path-signature-" });
  let count = 0;

  async function request<T>(
    method: string,
    marked: { text: string; line: number; character: number },
  ): Promise<T> {
    const uri = await workspace.openNew(marked.text, { name: `doc${++count}.momoflow` });
    return workspace.client.request<T>(method, {
      textDocument: { uri },
      position: { line: marked.line, character: marked.character },
    });
  }
  const signatureHelp = (run: string) =>
    request<SignatureHelp | null>("textDocument/signatureHelp", fanOut(run));

  it("shows basename(path), stem(path), dirname(path) with the path active, in the words of their hover", async () => {
    for (const [name, run] of [
      // Being typed: the string is still open.
      ["basename", '"echo ${basename(|'],
      ["stem", '"convert > out/${stem(fi|le)}.json"'],
      ["dirname", '"mkdir -p ${ dirname( |file ) }"'],
    ] as const) {
      const help = await signatureHelp(run);
      assert.ok(help, `signature help in ${run}`);
      const signature = help.signatures[0]!;
      assert.equal(signature.label, `${name}(path)`);
      assert.deepEqual(
        signature.parameters?.map((p) => signature.label.slice(...(p.label as [number, number]))),
        ["path"],
      );
      assert.equal(help.activeSignature, 0);
      assert.equal(help.activeParameter, 0);
      // The same words as the hover on the function's name.
      const hover = await request<Hover | null>(
        "textDocument/hover",
        fanOut(`"x \${${name[0]}|${name.slice(1)}(file)}"`),
      );
      const described = (hover?.contents as MarkupContent | undefined)?.value.split("\n\n")[1];
      assert.ok(described, `a hover on ${name}`);
      assert.equal((signature.documentation as MarkupContent).value, described);
    }
  });

  it("is none outside the parentheses, outside ${…}, and for a name that is no path function", async () => {
    for (const run of [
      '"echo ${basename(file)|}"',
      '"echo basename(|file)"',
      '"echo ${upper(|file)}"',
      '"echo ${basename(file)} ${|file}"',
    ])
      assert.equal(await signatureHelp(run), null, run);
  });
});
