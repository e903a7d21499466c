import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { lineOf, openInEditor, positionOf } from "../support/workspace";

/** Everything VS Code's providers answer, through `vscode.execute…Provider` commands. */
describe("language features", () => {
  let document: vscode.TextDocument;

  before(async () => {
    document = await openInEditor("report.momoflow");
  });

  it("completion inside `needs: [` offers the steps that can still be needed", async () => {
    // At `figures` in `needs: [figures, title]` of `publish`: the word being replaced is offered,
    // the step itself and the steps already listed are not.
    const at = positionOf(document, "needs: [figures", "needs: [".length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      "vscode.executeCompletionItemProvider",
      document.uri,
      at,
    );
    const labels = list.items.map((item) =>
      typeof item.label === "string" ? item.label : item.label.label,
    );
    assert.ok(labels.includes("prepare"), labels.join(", "));
    assert.ok(labels.includes("figures"), labels.join(", "));
    assert.ok(!labels.includes("title"), "already listed");
    assert.ok(!labels.includes("publish"), "a step cannot need itself");
  });

  it("hover on a command shows its signature and doc comment", async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      document.uri,
      positionOf(document, "stamp(title:", 1),
    );
    const text = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === "string" ? content : content.value))
      .join("\n");
    assert.match(text, /stamp\(title: string, file: path = "stamp\.txt"\)/);
    assert.match(text, /Stamps a file with a title/);
  });

  it("definition of a step in `needs` is its declaration", async () => {
    const locations = await vscode.commands.executeCommand<
      (vscode.Location | vscode.LocationLink)[]
    >(
      "vscode.executeDefinitionProvider",
      document.uri,
      positionOf(document, "needs: [figures", "needs: [".length + 2),
    );
    assert.equal(locations.length, 1);
    const target = locations[0]!;
    const range =
      "targetRange" in target ? (target.targetSelectionRange ?? target.targetRange) : target.range;
    const uri = "targetUri" in target ? target.targetUri : target.uri;
    assert.equal(uri.toString(), document.uri.toString());
    assert.equal(range.start.line, lineOf(document, "step figures"));
  });

  it("references of a step are its declaration and every use", async () => {
    const locations = await vscode.commands.executeCommand<vscode.Location[]>(
      "vscode.executeReferenceProvider",
      document.uri,
      positionOf(document, "step prepare", "step ".length),
    );
    const lines = locations.map((l) => l.range.start.line).sort((a, b) => a - b);
    assert.deepEqual(lines, [
      lineOf(document, "step prepare"),
      positionOf(document, "needs: prepare", 0, 0).line,
      positionOf(document, "needs: prepare", 0, 1).line,
    ]);
  });

  it("rename of a step edits its declaration and every use", async () => {
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      "vscode.executeDocumentRenameProvider",
      document.uri,
      positionOf(document, "step figures", "step ".length),
      "numbers",
    );
    const edits = edit.get(document.uri);
    assert.equal(edits.length, 2);
    assert.ok(edits.every((e) => e.newText === "numbers"));
    assert.deepEqual(
      edits.map((e) => document.getText(e.range)),
      ["figures", "figures"],
    );
  });

  it("document symbols outline the command, the workflow with its steps, and the tests", async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      "vscode.executeDocumentSymbolProvider",
      document.uri,
    );
    const names = symbols.map((s) => s.name);
    assert.ok(names.includes("stamp"), names.join(", "));
    assert.ok(names.includes("weekly_report"), names.join(", "));
    assert.ok(
      names.some((n) => n.includes("the report is published")),
      names.join(", "),
    );
    const workflow = symbols.find((s) => s.name === "weekly_report")!;
    assert.deepEqual(
      workflow.children.map((c) => c.name),
      ["week", "prepare", "figures", "title", "publish"],
    );
  });
});
