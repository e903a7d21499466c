import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CodeAction, Diagnostic, TextEdit } from "vscode-languageserver-protocol";
import { GREET_AND_RELEASE_LIB } from "../support/greet-command";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * A misspelt name among names written right: an argument of a call, a key of
 * a test's `params`, a property of a block, a step id of a `needs` list. Its "did you mean" is never a
 * name the same call, map or block writes already — the quick fix would
 * write it twice (MF004) — so applying each offered fix clears the typo and
 * adds no problem.
 */

const LIB = GREET_AND_RELEASE_LIB;

/** A workflow of `main.momoflow` whose one step holds `member`. */
const stepWith = (member: string): string =>
  [
    'import "./lib.momoflow"',
    "workflow w {",
    '  param who: string = "Ann"',
    "  step a {",
    `    ${member}`,
    "  }",
    "}",
    "",
  ].join("\n");

/** Texts with one typo next to the name it resembles, written already. */
const WRITTEN_ALREADY: Readonly<Record<string, string>> = {
  "a command's argument, the name given before it": stepWith('run: greet(name: who, nme: "x")'),
  "a command's argument, the name given after it": stepWith('run: greet(nme: "x", name: who)'),
  "a called workflow's argument": stepWith('run: workflow release(part: who, prt: "x")'),
  "a key of a test's params": [
    'import "./lib.momoflow"',
    'test "t" {',
    "  workflow: release",
    '  params: { part: "a", prt: "b" }',
    "}",
    "",
  ].join("\n"),
  "a step's property": stepWith('run: "echo"\n    rn: "echo"\n    rollback: none'),
  "a property written by another tool's name": stepWith(
    'run: "echo"\n    rollback: none\n    workdir: "out"\n    cwd: "build"',
  ),
  "a step id among the needs, the step listed already": [
    "workflow w {",
    '  step build { run: "echo" rollback: none }',
    '  step publish { needs: [build, bild] run: "echo" rollback: none }',
    '  step announce { needs: [bild, build] run: "echo" rollback: none }',
    "}",
    "",
  ].join("\n"),
};

/** A diagnostic's message as text. */
const messageOf = (d: Diagnostic): string =>
  typeof d.message === "string" ? d.message : d.message.value;

describe('language server: no "did you mean" of a name written already (real LSP over stdio)', function () {
  this.timeout(60_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-given-names-",
    files: { "lib.momoflow": LIB },
  });

  /** The diagnostics of `text`, opened as a new document of the folder. */
  const diagnosticsOf = (text: string): Promise<Diagnostic[]> =>
    workspace.withScratch(text, async (uri) => workspace.client.waitForDiagnostics(uri, 1), {
      stem: "main",
    });

  /** The quick fixes offered for each diagnostic of `text`, each applied to it. */
  async function fixedTexts(text: string): Promise<{ title: string; text: string }[]> {
    return workspace.withScratch(
      text,
      async (uri) => {
        const fixed: { title: string; text: string }[] = [];
        for (const diagnostic of await workspace.client.waitForDiagnostics(uri, 1)) {
          const actions =
            (await workspace.client.request<CodeAction[] | null>("textDocument/codeAction", {
              textDocument: { uri },
              range: diagnostic.range,
              context: { diagnostics: [diagnostic], only: ["quickfix"] },
            })) ?? [];
          for (const action of actions) {
            const edits: TextEdit[] = action.edit?.changes?.[uri] ?? [];
            const document = TextDocument.create(uri, "momoflow", 1, text);
            fixed.push({ title: action.title, text: TextDocument.applyEdits(document, edits) });
          }
        }
        return fixed;
      },
      { stem: "main" },
    );
  }

  for (const [place, text] of Object.entries(WRITTEN_ALREADY)) {
    it(`suggests no name written already for ${place}, and no fix writes one twice`, async () => {
      const before = await diagnosticsOf(text);
      assert.ok(before.length > 0, "the typo is reported");
      for (const { title, text: after } of await fixedTexts(text)) {
        const said = (await diagnosticsOf(after)).map((d) => `${String(d.code)} ${messageOf(d)}`);
        assert.deepEqual(
          said.filter((s) => s.startsWith("MF004")),
          [],
          `"${title}" writes a name twice:\n${after}`,
        );
      }
      for (const d of before)
        assert.doesNotMatch(
          messageOf(d),
          /did you mean "(name|part|run|workdir|build)"/,
          `${String(d.code)} ${messageOf(d)}`,
        );
    });
  }

  it("still suggests the name when it is not written yet", async () => {
    const said = (await diagnosticsOf(stepWith('run: greet(nme: "x")'))).map(messageOf);
    assert.ok(
      said.some((m) => m.includes('unknown argument "nme" of "greet"; did you mean "name"?')),
      said.join("\n"),
    );
  });
});
