import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic, TextEdit, WorkspaceEdit } from "vscode-languageserver-protocol";
import { replayTyping, type ReplayCheckpoint } from "../support/keystroke-replay";
import { at } from "../support/text-position";
import { useWorkspaceSession, type WorkspaceSession } from "../support/workspace-session";
import { NIGHTLY_EXPORT, SHIP_SITES, UPLOAD_LIBRARY } from "./typed-workflows";

/**
 * Two realistic workflows typed from an empty file, key by key, as in VS Code
 * (keystroke-replay.ts): every answer on the way is well-formed, completion
 * offers what fits where the user stops, and the typed file ends with exactly
 * its own problems, formats to itself and survives a rename.
 */

/** `line:col CODE` (1-based) of each diagnostic. */
function said(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`)
    .sort();
}

const NIGHTLY_STOPS: ReplayCheckpoint[] = [
  { after: 'var out = "out/${', offers: ["bucket", "regions"], omits: ["out"] },
  { after: "needs: [", offers: ["fetch_data"], omits: ["convert"] },
  { after: "for_each: region in ", offers: ["regions", 'glob("…")'] },
  { after: 'run: "mkdir -p ${', offers: ["region", "out", "bucket"] },
  { after: "rollback: delete_path(", offers: ["path"] },
  { after: "needs: [convert, ", offers: ["fetch_data"], omits: ["convert", "publish"] },
  { after: "when: steps.", offers: ["fetch_data", "convert"], omits: ["publish"] },
  { after: "when: steps.fetch_data.", offers: ["output", "status"] },
  // After a `>`, an operand, as after any comparison.
  { after: "when: steps.fetch_data.output.count > ", offers: ["bucket", "steps"] },
  { after: "run: upload(", offers: ["file", "bucket"] },
  { after: "${json(steps.convert.", offers: ["outputs"] },
  { after: "workflow: ", offers: ["nightly_export"] },
  { after: "params: { ", offers: ["bucket", "regions"] },
  { after: "expect step ", offers: ["fetch_data", "convert", "publish", "report"] },
];

const SHIP_STOPS: ReplayCheckpoint[] = [
  { after: "    mkdir -p ${", offers: ["into", "site"] },
  { after: "run: pack(", offers: ["site", "into"] },
  { after: "when: !", offers: ["dry_run"] },
  { after: "run: workflow ", offers: ["ship_site"], omits: ["ship_all"] },
  { after: "run: workflow ship_site(", offers: ["site_name", "dry_run"] },
  // A bool param of the called workflow.
  { after: "(site_name: site, dry_run: ", offers: ["true", "false"] },
  { after: "${env.", offers: ["STAGE", "LOG_LEVEL"] },
  { after: "fail: ship/", offers: ["pack", "push"] },
  { after: "expect step ", offers: ["list_sites", "ship", "summary"] },
];

describe("language server: realistic workflows typed key by key (real LSP over stdio)", function () {
  this.timeout(60_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-typing-replay-",
    files: { "lib.momoflow": UPLOAD_LIBRARY },
  });

  /** Types `text` as `name`, checking `stops`; its URI and final diagnostics. */
  async function typed(
    name: string,
    text: string,
    stops: ReplayCheckpoint[],
  ): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const outcome = await replayTyping(workspace, name, text, stops);
    assert.deepEqual(
      outcome.reached,
      stops.map((s) => s.after),
      "every stop is reached, in order",
    );
    const diagnostics = await workspace.client.waitForDiagnostics(outcome.uri, outcome.version);
    return { uri: outcome.uri, diagnostics };
  }

  it("types the nightly export: answers fit, completion fits each stop, the dashed id alone is reported", async () => {
    const { uri, diagnostics } = await typed("nightly.momoflow", NIGHTLY_EXPORT, NIGHTLY_STOPS);
    try {
      assert.deepEqual(said(diagnostics), ["14:8 MF001"]);
      assert.match(String(diagnostics[0]!.message), /`fetch-data` cannot be a step's id/);
      await formatsToItself(workspace, uri, NIGHTLY_EXPORT);
      await renameLeaves(workspace, uri, NIGHTLY_EXPORT, at(NIGHTLY_EXPORT, "bucket: string"), [
        "14:8 MF001",
      ]);
      await renameLeaves(
        workspace,
        uri,
        NIGHTLY_EXPORT,
        at(NIGHTLY_EXPORT, "fetch-data {", 1),
        // Renamed to a name without a dash, the step's id is no error any more.
        [],
      );
    } finally {
      await workspace.client.closeDocument(uri);
    }
  });

  it("types the site shipping: answers fit, completion fits each stop, the dashed param alone is reported", async () => {
    const { uri, diagnostics } = await typed("ship.momoflow", SHIP_SITES, SHIP_STOPS);
    try {
      assert.deepEqual(said(diagnostics), ["14:9 MF001"]);
      assert.match(String(diagnostics[0]!.message), /`site-name` cannot be a param's name/);
      await formatsToItself(workspace, uri, SHIP_SITES);
      await renameLeaves(workspace, uri, SHIP_SITES, at(SHIP_SITES, "ship {", 1), ["14:9 MF001"]);
      await renameLeaves(workspace, uri, SHIP_SITES, at(SHIP_SITES, "into: path", 1), [
        "14:9 MF001",
      ]);
    } finally {
      await workspace.client.closeDocument(uri);
    }
  });
});

/** The typed file is formatted already: formatting leaves it as it is, comments and all. */
async function formatsToItself(
  workspace: WorkspaceSession,
  uri: string,
  text: string,
): Promise<void> {
  const edits = await workspace.client.request<TextEdit[] | null>("textDocument/formatting", {
    textDocument: { uri },
    options: { tabSize: 2, insertSpaces: true },
  });
  const formatted = TextDocument.applyEdits(
    TextDocument.create(uri, "momoflow", 0, text),
    edits ?? [],
  );
  assert.equal(formatted, text);
}

/**
 * Renaming the name at `position` to `renamed_name` edits this file only (the
 * name is its own) and leaves the `expected` problems (as {@link said} puts
 * them); the text is put back.
 */
async function renameLeaves(
  workspace: WorkspaceSession,
  uri: string,
  text: string,
  position: { line: number; character: number },
  expected: readonly string[],
): Promise<void> {
  const { client } = workspace;
  const edit = await client.request<WorkspaceEdit | null>("textDocument/rename", {
    textDocument: { uri },
    position,
    newName: "renamed_name",
  });
  assert.deepEqual(Object.keys(edit?.changes ?? {}), [uri], "the rename edits this file");
  const edits = edit!.changes![uri]!;
  assert.ok(edits.length > 1, "the rename edits the declaration and its uses");
  const renamed = TextDocument.applyEdits(TextDocument.create(uri, "momoflow", 0, text), edits);
  const version = await client.change(uri, [{ text: renamed }]);
  const after = await client.waitForDiagnostics(uri, version);
  assert.deepEqual(said(after), expected, `after renaming to renamed_name:\n${renamed}`);
  await client.change(uri, [{ text }]);
}
