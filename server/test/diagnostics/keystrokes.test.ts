import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Diagnostic as LspDiagnostic } from "vscode-languageserver-protocol";
import { unknownReferencesFile } from "@momoflow/bench";
import { LanguageWorkspace, LineIndex, parseDocument } from "@momoflow/language";
import { seededRandom } from "../../../engine/test/support/seeded-random";
import { useWorkspaceSession } from "../support/workspace-session";

const fixtures = resolve(__dirname, "../../../test-fixtures");

/** What a publish says of a diagnostic, as the checker's own would. */
function said(d: Pick<LspDiagnostic, "code" | "message" | "range">): string {
  return JSON.stringify([d.code, d.message, d.range]);
}

/** What a full check of `text` (a workspace that never saw another text) publishes. */
function fullCheck(path: string, text: string): string[] {
  const workspace = new LanguageWorkspace({ readFile: () => undefined });
  workspace.setText(path, text);
  return workspace.check(path).diagnostics.slice(0, 1000).map(said);
}

/** Offsets inside the steps of `text` (after the `step` keyword, before the closing brace). */
function insideSteps(text: string, path: string): number[] {
  const lines = new LineIndex(text);
  const offsets: number[] = [];
  for (const workflow of parseDocument(text, path).file.workflows)
    for (const step of workflow?.steps ?? []) {
      if (!step) continue;
      const end = lines.offsetAt(step.range.end) - 1;
      for (let i = lines.offsetAt(step.range.start) + 5; i < end; i++) offsets.push(i);
    }
  return offsets;
}

// Keystrokes inside steps re-check only the edited step (workflow-check-memo.ts),
// those that add or remove a line too.
// The server runs with both verifications on: a check or a re-parse that
// differs from a full one throws, and that version is never published.
describe("language server: diagnostics after keystrokes inside steps (real LSP over stdio)", function () {
  this.timeout(120_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-keystrokes-",
    each: true,
    serverEnv: {
      MOMOFLOW_VERIFY_INCREMENTAL_CHECK: "1",
      MOMOFLOW_VERIFY_INCREMENTAL_PARSE: "1",
    },
  });

  const typeInSteps = async (name: string, start: string, seed: number, keystrokes: number) => {
    const uri = await workspace.open(name, start);
    const path = workspace.path(name);
    let version = 1;
    await workspace.client.waitForDiagnostics(uri, version);
    const next = seededRandom(seed);
    let text = start;
    let clean = start;
    for (let n = 0; n < keystrokes; n++) {
      const offsets = insideSteps(text, path);
      const at = offsets[Math.floor(next() * offsets.length)]!;
      const lines = new LineIndex(text);
      const typed = ["x", "q", "_", "7", " ", '"', "", "$", "{", "\n"][Math.floor(next() * 10)]!;
      // Replace one character (or delete it): an edit that moves no line
      // unless it is a line break. Enter inserts one: the lines after it move.
      const replaced = typed === "\n" ? 0 : 1;
      const range = { start: lines.positionAt(at), end: lines.positionAt(at + replaced) };
      const edited = text.slice(0, at) + typed + text.slice(at + replaced);
      // The same text is not checked (nor published) again.
      if (edited === text) continue;
      text = edited;
      version = await workspace.client.change(uri, [{ range, text: typed }]);
      const published = await workspace.client.waitForDiagnostics(uri, version);
      assert.deepEqual(published.map(said), fullCheck(path, text), `keystroke ${n + 1}`);
      if (parseDocument(text, path).diagnostics.length === 0) clean = text;
      else if (next() < 0.7) {
        // Undone, as an editor's user does: only a file that parses is re-parsed incrementally.
        text = clean;
        version = await workspace.client.change(uri, [{ text }]);
        const undone = await workspace.client.waitForDiagnostics(uri, version);
        assert.deepEqual(undone.map(said), fullCheck(path, text), `undo of keystroke ${n + 1}`);
      }
    }
  };

  it("publishes what a full check gives after each keystroke in a file of misspelt step ids", async () => {
    await typeInSteps("unknown.momoflow", unknownReferencesFile(300), 11, 80);
  });

  it("publishes what a full check gives after each keystroke in files of every kind of diagnostic", async () => {
    const names = [
      "invalid/mf010-output-without-needs",
      "invalid/mf012-unused",
      "invalid/mf011-irreversible",
      "invalid/mf003-cycle",
      "invalid/mf006-arguments",
      "valid/publish-site",
    ];
    for (const [i, name] of names.entries()) {
      const text = readFileSync(resolve(fixtures, `${name}.momoflow`), "utf8");
      await typeInSteps(`${name.replace("/", "-")}.momoflow`, text, 100 + i, 40);
    }
  });
});
