import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import {
  EXTENSION_ID,
  extensionApi,
  lineOf,
  openInEditor,
  positionOf,
  runToEnd,
  waitFor,
  workspaceFile,
} from "../support/workspace";

/** The imported file: the command that the step `stamp` calls. */
const IMPORTED = [
  "// Imported by stamped.momoflow.",
  "",
  "/// Writes a stamp.",
  "command stamp_file(text: string) {",
  '  run: create_file(path: "stamped.txt", content: text)',
  "}",
  "",
].join("\n");

/** The importing file: `stamp` calls the imported command, `done` calls nothing. */
const IMPORTING = [
  'import "./lib/stamps.momoflow"',
  "",
  "workflow stamped {",
  "  step stamp {",
  '    run: stamp_file(text: "hello")',
  "  }",
  "",
  "  step done {",
  "    needs: stamp",
  '    run: "echo done"',
  "  }",
  "}",
  "",
].join("\n");

describe("inline figures when a file the document imports is edited", () => {
  let document: vscode.TextDocument;
  let imported: vscode.TextDocument;
  const textAt = async (marker: string): Promise<string | undefined> =>
    (await extensionApi()).inlineMetrics!.shown(document.uri).get(lineOf(document, marker));
  const stale = (what: string): Promise<string> =>
    waitFor(what, async () => {
      const text = await textAt("step stamp");
      return text?.includes("(stale)") ? text : undefined;
    });
  const current = (what: string): Promise<string> =>
    waitFor(what, async () => {
      const text = await textAt("step stamp");
      return text && !text.includes("(stale)") ? text : undefined;
    });
  /** The imported file's editor, beside the importing one (both visible), focused. */
  const importedEditor = (): Thenable<vscode.TextEditor> =>
    vscode.window.showTextDocument(imported, { viewColumn: vscode.ViewColumn.Two, preview: false });
  /** Changes the file the imported command writes: what the step runs changes. */
  const editCommand = async (editor: vscode.TextEditor): Promise<void> => {
    const at = positionOf(imported, '"stamped.txt"', 1);
    assert.ok(
      await editor.edit((edit) => edit.replace(new vscode.Range(at, at.translate(0, 7)), "other")),
    );
  };

  before(async () => {
    mkdirSync(workspaceFile("lib").fsPath, { recursive: true });
    writeFileSync(workspaceFile("lib/stamps.momoflow").fsPath, IMPORTED);
    writeFileSync(workspaceFile("stamped.momoflow").fsPath, IMPORTING);
    document = await openInEditor("stamped.momoflow");
    assert.equal(await runToEnd(document.uri, "stamped"), 0, "the run's exit code");
    const figures = await waitFor("the figures of the step that calls the command", () =>
      textAt("step stamp"),
    );
    assert.match(figures, /^✓ success/);
    assert.doesNotMatch(figures, /stale/);
    imported = await vscode.workspace.openTextDocument(workspaceFile("lib/stamps.momoflow"));
    await importedEditor();
  });

  afterEach(async () => {
    // A test that failed half-way leaves no edit behind for the next.
    await importedEditor();
    await vscode.commands.executeCommand("workbench.action.files.revert");
  });

  after(async () => {
    // Reverted: the imported file's editor closes without asking to save.
    await importedEditor();
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    for (const file of ["stamped.momoflow", "lib/stamps.momoflow", "stamped.txt"])
      rmSync(workspaceFile(file).fsPath, { force: true });
  });

  it("editing the imported command, unsaved, marks the figures of the step that calls it stale; undoing makes them current", async () => {
    const editor = await importedEditor();
    await editCommand(editor);
    assert.ok(imported.isDirty, "the edit is not saved");
    const text = await stale("the figures of stamp to be marked stale");
    assert.match(text, /success/);
    await vscode.commands.executeCommand("undo");
    await current("the figures of stamp to be current again");
  });

  it("a comment added in the imported command leaves the figures current", async () => {
    const editor = await importedEditor();
    const body = positionOf(imported, "  run: create_file").line;
    assert.ok(
      await editor.edit((edit) =>
        edit.insert(new vscode.Position(body, 0), "  // where the stamp goes\n"),
      ),
    );
    // Seen through what the client asks the server once an import changed: an
    // edit on top of the comment marks the figures stale, and undoing that
    // edit alone makes them current with the comment still there.
    await editCommand(editor);
    await stale("the figures of stamp to be marked stale after the command's edit");
    await vscode.commands.executeCommand("undo");
    await current("the figures of stamp to be current with the comment in the command");
    assert.match(imported.getText(), /\/\/ where the stamp goes/);
    await vscode.commands.executeCommand("undo");
    assert.equal(imported.getText(), IMPORTED);
  });
});

describe("inline figures when a file the document imports changed while it was not open (VS Code closed)", () => {
  /** An imported command; `comment` adds a comment in it, `target` changes what it writes. */
  const library = (target = "late.txt", comment = false): string =>
    [
      "command write_late(text: string) {",
      ...(comment ? ["  // where it goes"] : []),
      `  run: create_file(path: "${target}", content: text)`,
      "}",
      "",
    ].join("\n");
  /** A workflow whose step `write` calls the command of `lib`. */
  const importing = (lib: string): string =>
    [
      `import "./lib/${lib}"`,
      "",
      "workflow late {",
      "  step write {",
      '    run: write_late(text: "x")',
      "  }",
      "}",
      "",
    ].join("\n");
  const FILES = {
    "lib/late-comment.momoflow": library(),
    "lib/late-edit.momoflow": library(),
    "late-comment.momoflow": importing("late-comment.momoflow"),
    "late-edit.momoflow": importing("late-edit.momoflow"),
  };

  /** The figures after `step write` of `document` once shown. */
  const figures = async (document: vscode.TextDocument): Promise<string> => {
    const api = await extensionApi();
    return waitFor("the figures of the step write", () =>
      api.inlineMetrics!.shown(document.uri).get(lineOf(document, "step write")),
    );
  };

  before(() => {
    mkdirSync(workspaceFile("lib").fsPath, { recursive: true });
    for (const [file, text] of Object.entries(FILES))
      writeFileSync(workspaceFile(file).fsPath, text);
    // Run from a terminal, as a user does with VS Code closed: the editor never showed them.
    const cli = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, "dist", "cli.js");
    for (const file of ["late-comment.momoflow", "late-edit.momoflow"])
      execFileSync(process.execPath, [cli, "run", workspaceFile(file).fsPath, "--quiet"], {
        env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
      });
    // Then, before VS Code opens them: a comment in one library, a changed command in the other.
    writeFileSync(workspaceFile("lib/late-comment.momoflow").fsPath, library("late.txt", true));
    writeFileSync(workspaceFile("lib/late-edit.momoflow").fsPath, library("elsewhere.txt"));
  });

  after(async () => {
    for (const file of ["late-edit.momoflow", "late-comment.momoflow"]) {
      const open = vscode.workspace.textDocuments.find(
        (d) => d.uri.fsPath === workspaceFile(file).fsPath,
      );
      if (!open) continue;
      await vscode.window.showTextDocument(open);
      await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    }
    for (const file of [...Object.keys(FILES), "late.txt"])
      rmSync(workspaceFile(file).fsPath, { force: true });
  });

  it("shows the figures of the step calling the changed command stale once opened: the baseline is what the run ran", async () => {
    const document = await openInEditor("late-edit.momoflow");
    const text = await waitFor("the figures to be marked stale", async () => {
      const shown = await figures(document);
      return shown.includes("(stale)") ? shown : undefined;
    });
    assert.match(text, /^✓ success/);
  });

  it("shows them current when only a comment was added there", async () => {
    const document = await openInEditor("late-comment.momoflow");
    const text = await figures(document);
    assert.match(text, /^✓ success/);
    assert.doesNotMatch(text, /stale/);
  });
});
