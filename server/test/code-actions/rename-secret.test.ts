import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CodeAction, Diagnostic, TextEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * `ship`'s secret `release__key` reads MOMOFLOW_PARAM_RELEASE__KEY, the
 * variable a rollback reads for `release/key` (the secret of the workflow
 * its step `release` calls): MF023, whose fix renames the param as a rename
 * would — its declaration, its use, the value its test gives and the value
 * a call in a file importing it gives.
 */
const SHIP = (name: string, extra = ""): string => `workflow release {
  param key: secret
  step upload {
    run: "echo upload-\${key}"
    rollback: "echo undo-upload-\${key}"
  }
}

workflow ship {
  param ${name}: secret
${extra}  step login {
    run: "echo \${${name}}"
    rollback: none
  }
  step release {
    needs: login
    run: workflow release(key: steps.login.output)
  }
}

test "ships" {
  workflow: ship
  params: { ${name}: "t0ken" }
  expect status == success
}
`;

const NIGHTLY = (name: string): string => `import "./ship.momoflow"

workflow nightly {
  step all {
    run: workflow ship(${name}: env.TOKEN)
  }
}
`;

describe("language server: the quick fix that renames a secret whose variable a called workflow's secret has too (MF023)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-rename-secret-",
    files: { "ship.momoflow": SHIP("release__key"), "nightly.momoflow": NIGHTLY("release__key") },
  });

  async function codeActions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
  }

  it("renames it everywhere to the name its message suggests, and the files then check clean", async () => {
    const { uri, diagnostics } = await workspace.openChecked("ship.momoflow");
    const diagnostic = diagnostics.find((d) => d.code === "MF023");
    assert.ok(diagnostic, JSON.stringify(diagnostics));
    assert.match(String(diagnostic.message), /\(as "release_key"\)$/);
    const fix = (await codeActions(uri, diagnostic)).find(
      (a) => a.title === "Rename `release__key` to `release_key`",
    );
    assert.ok(fix, "the fix is offered");
    assert.equal(fix.isPreferred, true);
    const changes = fix.edit!.changes!;
    const nightlyUri = workspace.uri("nightly.momoflow");
    assert.deepEqual(Object.keys(changes).sort(), [nightlyUri, uri].sort());
    const applied = (file: string, fileUri: string): string =>
      TextDocument.applyEdits(
        TextDocument.create(fileUri, "momoflow", 1, readFileSync(workspace.path(file), "utf8")),
        changes[fileUri] as TextEdit[],
      );
    assert.equal(applied("ship.momoflow", uri), SHIP("release_key"));
    assert.equal(applied("nightly.momoflow", nightlyUri), NIGHTLY("release_key"));
    const again = await workspace.openChecked("renamed.momoflow", SHIP("release_key"));
    assert.deepEqual(again.diagnostics, []);
  });

  it("offers none when the suggested name is taken: the rename would refuse it", async () => {
    const text = SHIP("release__key", "  param release_key: secret\n").replace(
      'echo ${release__key}"',
      'echo ${release__key} ${release_key}"',
    );
    const { uri, diagnostics } = await workspace.openChecked("taken.momoflow", text);
    const diagnostic = diagnostics.find((d) => d.code === "MF023");
    assert.ok(diagnostic, JSON.stringify(diagnostics));
    const titles = (await codeActions(uri, diagnostic)).map((a) => a.title);
    assert.ok(!titles.some((t) => t.startsWith("Rename")), titles.join(" | "));
  });
});
