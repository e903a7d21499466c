import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { codeOf, diagnosticsOf, openInEditor, positionOf, waitFor } from "../support/workspace";

describe("diagnostics", () => {
  it("an invalid file gets the checker's codes, at the mistake", async () => {
    const document = await openInEditor("broken.momoflow");
    const diagnostics = await diagnosticsOf(document);
    assert.deepEqual(diagnostics.map(codeOf), ["MF002"]);
    const [only] = diagnostics;
    assert.equal(only!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(only!.message, /unknown step "biuld".*did you mean "build"/);
    assert.deepEqual(only!.range.start, positionOf(document, "biuld"));
    assert.equal(only!.source, "momoflow");
  });

  it("a valid file has none, and a mistake typed into it appears and clears", async () => {
    const document = await openInEditor("report.momoflow");
    const editor = vscode.window.activeTextEditor!;
    const at = positionOf(document, "needs: [figures", "needs: [".length);
    const typo = new vscode.Range(at, at.translate(0, "figures".length));
    await editor.edit((edit) => edit.replace(typo, "figurs"));
    const introduced = await diagnosticsOf(document);
    assert.deepEqual(introduced.map(codeOf), ["MF002"]);
    await vscode.commands.executeCommand("undo");
    assert.ok(document.getText().includes("needs: [figures, title]"));
    await waitFor("report.momoflow's diagnostics to clear", () =>
      vscode.languages.getDiagnostics(document.uri).length === 0 ? true : undefined,
    );
    await document.save();
  });
});
