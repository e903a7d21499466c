import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit, WorkspaceEdit } from "vscode-languageserver-protocol/node";
import { useWorkspaceSession, type WorkspaceSession } from "../support/workspace-session";

const CLI = resolve(__dirname, "../../../dist/cli.js");

const LIB = 'command hello() {\n  run: "echo hello"\n  rollback: none\n}\n';
const COMMON = 'command bye() {\n  run: "echo bye"\n  rollback: none\n}\n';
const MAIN = 'import "./lib.momoflow"\n\nworkflow main {\n  step a { run: hello() }\n}\n';
const USER = [
  'import "../lib.momoflow"',
  'import "./common.momoflow"',
  "",
  "workflow user {",
  "  step a { run: hello() }",
  "  step b { run: bye() }",
  "}",
  "",
].join("\n");
const ALONE = 'workflow alone {\n  step a { run: "true" rollback: none }\n}\n';

const FILES = {
  "lib.momoflow": LIB,
  "main.momoflow": MAIN,
  "sub/user.momoflow": USER,
  "sub/common.momoflow": COMMON,
  "alone.momoflow": ALONE,
  "notes/readme.txt": "no workflows here\n",
};

/** The import lines of each file the edit changes, by path relative to the workspace. */
function importsAfter(workspace: WorkspaceSession, edit: WorkspaceEdit): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    const path = fileURLToPath(uri);
    const text = readFileSync(path, "utf8");
    const after = TextDocument.applyEdits(TextDocument.create(uri, "momoflow", 1, text), edits);
    result[path.slice(workspace.dir.length + 1)] = after
      .split("\n")
      .filter((line) => line.startsWith("import"));
  }
  return result;
}

/** Does what an editor does with the answer: applies the edits, then moves the files on disk. */
function applyAndMove(
  workspace: WorkspaceSession,
  edit: WorkspaceEdit,
  moves: [string, string][],
): void {
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    const path = fileURLToPath(uri);
    const text = readFileSync(path, "utf8");
    writeFileSync(
      path,
      TextDocument.applyEdits(TextDocument.create(uri, "momoflow", 1, text), edits as TextEdit[]),
    );
  }
  for (const [from, to] of moves) {
    mkdirSync(dirname(workspace.path(to)), { recursive: true });
    renameSync(workspace.path(from), workspace.path(to));
  }
}

describe("language server: imports follow a renamed or moved file (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-file-rename-",
    files: FILES,
    each: true,
  });

  const willRename = (moves: [string, string][]): Promise<WorkspaceEdit | null> =>
    workspace.client.request<WorkspaceEdit | null>("workspace/willRenameFiles", {
      files: moves.map(([from, to]) => ({
        oldUri: workspace.uri(from),
        newUri: workspace.uri(to),
      })),
    });

  const checkClean = (): void => {
    // The real CLI finds every import where it now is: no problem, exit 0.
    const run = spawnSync(process.execPath, [CLI, "check", workspace.dir], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout + run.stderr, /no problems in 5 files/);
  };

  it("registers for renames of .momoflow files and of folders", () => {
    assert.deepEqual(workspace.init.capabilities.workspace?.fileOperations?.willRename, {
      filters: [
        { pattern: { glob: "**/*.momoflow", matches: "file" } },
        { pattern: { glob: "**", matches: "folder" } },
      ],
    });
    // The workspace folders' capability is still there.
    assert.equal(workspace.init.capabilities.workspace?.workspaceFolders?.supported, true);
  });

  it("rewrites each import of a moved file from its importer's folder, files not open included", async () => {
    await workspace.open("main.momoflow");
    const moves: [string, string][] = [["lib.momoflow", "shared/lib2.momoflow"]];
    const edit = await willRename(moves);
    assert.deepEqual(importsAfter(workspace, edit!), {
      "main.momoflow": ['import "./shared/lib2.momoflow"'],
      "sub/user.momoflow": ['import "../shared/lib2.momoflow"', 'import "./common.momoflow"'],
    });
    applyAndMove(workspace, edit!, moves);
    checkClean();
  });

  it("rewrites the imports of a moved file itself, and both sides when importer and imported move together", async () => {
    const moves: [string, string][] = [
      ["sub/user.momoflow", "user.momoflow"],
      ["lib.momoflow", "deep/er/lib.momoflow"],
    ];
    const edit = await willRename(moves);
    assert.deepEqual(importsAfter(workspace, edit!), {
      "main.momoflow": ['import "./deep/er/lib.momoflow"'],
      "sub/user.momoflow": ['import "./deep/er/lib.momoflow"', 'import "./sub/common.momoflow"'],
    });
    applyAndMove(workspace, edit!, moves);
    checkClean();
  });

  it("moves the imports of every file in a renamed folder; a rename that changes no import gives no edit", async () => {
    const moves: [string, string][] = [["sub", "nested/sub2"]];
    const edit = await willRename(moves);
    assert.deepEqual(importsAfter(workspace, edit!), {
      // The import inside the folder stays: both ends moved together.
      "sub/user.momoflow": ['import "../../lib.momoflow"', 'import "./common.momoflow"'],
    });
    applyAndMove(workspace, edit!, moves);
    checkClean();
    assert.equal(await willRename([["alone.momoflow", "alone2.momoflow"]]), null);
    // A folder without .momoflow files moves no import.
    assert.equal(await willRename([["notes", "notes2"]]), null);
  });

  it("leaves the imports naming a file renamed to another extension as they are, as TypeScript's server does for a .ts renamed to .txt", async () => {
    // The file leaves the language: its importers keep naming it (MF013 then says it is missing).
    assert.equal(await willRename([["lib.momoflow", "lib.txt"]]), null);
    // Nor are its own imports rewritten: it is no .momoflow file any more.
    assert.equal(await willRename([["sub/user.momoflow", "user.txt"]]), null);
    // An importer moved with it still names the file's .momoflow name, from its new folder.
    const moves: [string, string][] = [
      ["main.momoflow", "apps/main.momoflow"],
      ["lib.momoflow", "lib.md"],
    ];
    const edit = await willRename(moves);
    assert.deepEqual(importsAfter(workspace, edit!), {
      "main.momoflow": ['import "../lib.momoflow"'],
    });
  });
});
