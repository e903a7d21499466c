import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CodeAction, Diagnostic, TextEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

const LIB = `/// Shared steps.
workflow release {
  param part: string
  step bump {
    run: create_file(path: "VERSION", content: part)
  }
}

command stamp(file: path) {
  run: create_file(path: file, content: "x")
}
`;

/**
 * An unknown command or workflow that another file of the workspace declares:
 * the quick fix imports that file (MF005, MF040), over a real LSP connection.
 */
describe("language server: the quick fix that imports the file declaring an unknown name", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-add-import-",
    files: { "lib/steps.momoflow": LIB, "other/more.momoflow": 'command more {\n  run: "x"\n}\n' },
  });

  async function importFixes(
    name: string,
    text: string,
  ): Promise<{
    uri: string;
    diagnostics: Diagnostic[];
    fixes: (code: string, nth?: number) => Promise<CodeAction[]>;
  }> {
    const { uri, diagnostics } = await workspace.openChecked(name, text);
    const fixes = async (code: string, nth = 0): Promise<CodeAction[]> => {
      const diagnostic = diagnostics.filter((d) => d.code === code)[nth];
      assert.ok(diagnostic, `${code} in ${JSON.stringify(diagnostics)}`);
      const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      });
      return actions.filter((a) => a.title.startsWith("Add `import"));
    };
    return { uri, diagnostics, fixes };
  }

  function applied(text: string, uri: string, action: CodeAction): string {
    const document = TextDocument.create(uri, "momoflow", 1, text);
    return TextDocument.applyEdits(document, action.edit!.changes![uri] as TextEdit[]);
  }

  it("imports the file declaring an unknown command, a called workflow and a test's workflow", async () => {
    const text = `workflow ship {
  step mark {
    run: stamp(file: "a")
  }
  step release {
    needs: mark
    run: workflow release(part: "x")
  }
}

test "t" {
  workflow: release
  params: { part: "y" }
}
`;
    const { uri, diagnostics, fixes } = await importFixes("ship.momoflow", text);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ["MF005", "MF040", "MF005"],
    );
    for (const code of ["MF005", "MF040"]) {
      const [fix, ...others] = await fixes(code);
      assert.equal(fix?.title, 'Add `import "./lib/steps.momoflow"`', code);
      assert.deepEqual(others, []);
      const fixed = applied(text, uri, fix!);
      assert.equal(fixed, `import "./lib/steps.momoflow"\n\n${text}`);
    }
    const fixed = applied(text, uri, (await fixes("MF005"))[0]!);
    const again = await workspace.openChecked("ship-fixed.momoflow", fixed);
    assert.deepEqual(again.diagnostics, []);
  });

  it("writes the path from the file's own folder, after the imports it has", async () => {
    const text = `import "../lib/steps.momoflow"

workflow w {
  step s {
    run: more()
  }
}
`;
    const { uri, fixes } = await importFixes("flows/w.momoflow", text);
    const [fix] = await fixes("MF005");
    assert.equal(fix?.title, 'Add `import "../other/more.momoflow"`');
    assert.equal(
      applied(text, uri, fix!),
      text.replace(
        'import "../lib/steps.momoflow"\n',
        'import "../lib/steps.momoflow"\nimport "../other/more.momoflow"\n',
      ),
    );
  });

  it("offers no import for a name no file declares, nor a command for a workflow's name", async () => {
    const { fixes } = await importFixes(
      "none.momoflow",
      "workflow w {\n  step s {\n    run: nowhere()\n  }\n  step t {\n    run: release()\n  }\n}\n",
    );
    assert.deepEqual(await fixes("MF005"), []);
    assert.deepEqual(await fixes("MF005", 1), []);
  });
});
