import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as vscode from "vscode";
import {
  diagnosticsOf,
  extensionApi,
  openInEditor,
  positionOf,
  waitFor,
  workspaceFile,
} from "../support/workspace";

/** Formatting, quick fixes and workspace symbols, as VS Code asks for them. */
describe("editing", () => {
  it("Format Document gives the same text as `momoflow fmt`", async () => {
    const file = workspaceFile("messy.momoflow");
    const messy =
      'workflow   messy{\nstep a{run:"echo a"}\n      step b {needs:[a]\n run: "echo b"}}\n';
    await vscode.workspace.fs.writeFile(file, Buffer.from(messy));
    try {
      const document = await openInEditor("messy.momoflow");
      const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>(
        "vscode.executeFormatDocumentProvider",
        document.uri,
        { tabSize: 2, insertSpaces: true },
      );
      assert.ok(edits.length > 0, "the file is not formatted yet");
      // The CLI formats a copy in place.
      const { services } = await extensionApi();
      const copy = join(mkdtempSync(join(tmpdir(), "momoflow-fmt-")), "messy.momoflow");
      writeFileSync(copy, messy);
      execFileSync(process.execPath, [services.paths.cliPath, "fmt", copy], {
        env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
      });
      assert.equal(applied(document, edits), readFileSync(copy, "utf8"));
      rmSync(dirname(copy), { recursive: true, force: true });
    } finally {
      await closeEditorsOf(file);
      await vscode.workspace.fs.delete(file);
    }
  });

  it("the quick fix for an unknown step offers the step meant", async () => {
    const document = await openInEditor("broken.momoflow");
    // VS Code hands the provider the diagnostics under the range, so they come first.
    await diagnosticsOf(document);
    const at = positionOf(document, "biuld");
    const range = new vscode.Range(at, at.translate(0, "biuld".length));
    // The workbench cancels a code-action request when the editor's state moves
    // under it (a diagnostics update, the editor opening); a user sees the
    // lightbulb on the next request, so the test asks again as VS Code would.
    let titles: string[] = [];
    const fix = await waitFor("the quick fix naming build", async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        "vscode.executeCodeActionProvider",
        document.uri,
        range,
        vscode.CodeActionKind.QuickFix.value,
      );
      titles = actions.map((a) => a.title);
      return actions.find((a) => a.title.includes("build"));
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}; offered: ${titles.join(" | ")}`);
    });
    assert.equal(fix.isPreferred, true);
    const edits = fix.edit?.get(document.uri) ?? [];
    assert.deepEqual(
      edits.map((e) => e.newText),
      ["build"],
    );
  });

  it("workspace symbols find workflows, steps and tests of every file", async () => {
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
      "vscode.executeWorkspaceSymbolProvider",
      "publish",
    );
    const found = symbols.map(
      (s) => `${s.name} @ ${vscode.workspace.asRelativePath(s.location.uri)}`,
    );
    assert.ok(found.includes("publish @ report.momoflow"), found.join(", "));
    assert.ok(
      found.some((s) => s.includes("the report is published")),
      found.join(", "),
    );
  });
});

/**
 * The text of `document` with `edits` applied as VS Code applies them: each
 * replaces a range of the text as it was, and inserts at one place keep their
 * order. The document itself is left unchanged: a document the test changed
 * was sometimes still unsaved in an editor later (on a loaded machine), and
 * the next "close all editors" waited on the dialog asking to save it.
 */
function applied(document: vscode.TextDocument, edits: readonly vscode.TextEdit[]): string {
  const ordered = edits
    .map((edit, index) => ({ edit, index, start: document.offsetAt(edit.range.start) }))
    .sort((a, b) => b.start - a.start || b.index - a.index);
  let text = document.getText();
  for (const { edit, start } of ordered)
    text = text.slice(0, start) + edit.newText + text.slice(document.offsetAt(edit.range.end));
  return text;
}

/** Closes the editors of `uri` (by their tabs' URI, whichever is active). */
async function closeEditorsOf(uri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter(
      (tab) =>
        tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString(),
    );
  await vscode.window.tabGroups.close(tabs);
}
