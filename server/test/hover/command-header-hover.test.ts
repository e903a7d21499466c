import assert from "node:assert/strict";
import type { Hover, MarkupContent, Position, WorkspaceEdit } from "vscode-languageserver-protocol";
import { MULTI_LINE, SINGLE_LINE, withCaller } from "../support/greet-command";
import { useWorkspaceSession } from "../support/workspace-session";
import { deletingLines, replacing, typedScenario } from "../support/typed-scenario";

/*
 * Hover inside a command whose header line was deleted as it is edited
 * (see command-header-recovery.test.ts for its one error): what the
 * recovered tree still holds is shown — the parameters written on lines of
 * their own, as the command's, and its properties — and nothing is made up
 * for what went with the header. Never an error, at any key. Being its own,
 * such a parameter is renamed with its reads, as once the command is named.
 */

/** Where `${name}` is read in the body's `run` line. */
const NAME_IN_BODY = '  run: "echo ${greeting} ${'.length;
const GREETING_IN_BODY = '  run: "echo ${'.length;

describe("language server: hover in a command whose header line was deleted (real LSP over stdio)", function () {
  this.timeout(60_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-command-header-hover-" });

  /** The hover's Markdown at `position`, or undefined when there is none; an error fails the test. */
  const hoverAt = async (uri: string, position: Position): Promise<string | undefined> => {
    const hover = await workspace.client.request<Hover | null>("textDocument/hover", {
      textDocument: { uri },
      position,
    });
    return hover ? (hover.contents as MarkupContent).value : undefined;
  };

  it("parameters on lines of their own: each, where declared and where the body reads it, as a parameter of a command without a name; the body's properties", async () => {
    await typedScenario(
      workspace,
      withCaller(MULTI_LINE),
      [deletingLines("`command greet(` deleted", 0)],
      {
        edited: async ({ uri }) => {
          const declared = await hoverAt(uri, { line: 0, character: 3 });
          assert.match(declared ?? "", /\(parameter\) name: string/);
          assert.match(
            declared ?? "",
            /_parameter of a command without a name \(its header line is gone\)_/,
          );
          const read = await hoverAt(uri, { line: 3, character: NAME_IN_BODY + 1 });
          assert.match(read ?? "", /\(parameter\) name: string/);
          const greeting = await hoverAt(uri, { line: 3, character: GREETING_IN_BODY + 1 });
          assert.match(greeting ?? "", /\(parameter\) greeting: string = "Hello"/);
          assert.match(
            (await hoverAt(uri, { line: 3, character: 3 })) ?? "",
            /\(command property\) run/,
          );
          assert.match(
            (await hoverAt(uri, { line: 4, character: 3 })) ?? "",
            /\(command property\) rollback/,
          );
        },
      },
      "hover-header-deleted",
    );
  });

  it("parameters on the header line: the body's properties; the parameters went with the header, so their reads show nothing", async () => {
    await typedScenario(
      workspace,
      withCaller(SINGLE_LINE),
      [deletingLines("`command greet(…) {` deleted", 0)],
      {
        edited: async ({ uri }) => {
          assert.match(
            (await hoverAt(uri, { line: 0, character: 3 })) ?? "",
            /\(command property\) run/,
          );
          assert.equal(await hoverAt(uri, { line: 0, character: NAME_IN_BODY + 1 }), undefined);
        },
      },
      "hover-one-line-deleted",
    );
  });

  it("the header deleted key by key: at each key the body's reads of a parameter on its own line stay that parameter's, the command named while it has its name", async () => {
    const header = MULTI_LINE[0]!;
    const edits = [...header].map((_, typed) => {
      const end = header.length - typed;
      return replacing(`${header.slice(0, end - 1)}|`, {
        start: { line: 0, character: end - 1 },
        end: { line: 0, character: end },
      });
    });
    const seen: string[] = [];
    await typedScenario(
      workspace,
      withCaller(MULTI_LINE),
      edits,
      {
        edited: async ({ uri, label }) => {
          const partial = label.slice(0, -1);
          const read = await hoverAt(uri, { line: 4, character: NAME_IN_BODY + 1 });
          assert.match(read ?? "", /\(parameter\) name: string/, partial);
          if (partial === "command greet")
            assert.match(read ?? "", /_parameter of command `greet`_/, partial);
          if (partial === "") assert.match(read ?? "", /command without a name/, partial);
          seen.push(partial);
        },
      },
      "hover-header-backspaced",
    );
    assert.ok(seen.includes("command greet") && seen.includes(""), seen.join(" | "));
  });

  it("a parameter on a line of its own is renamed with the body's reads of it, and not to the name of another", async () => {
    await typedScenario(
      workspace,
      withCaller(MULTI_LINE),
      [deletingLines("`command greet(` deleted", 0)],
      {
        edited: async ({ uri }) => {
          const rename = (newName: string) =>
            workspace.client.request<WorkspaceEdit | null>("textDocument/rename", {
              textDocument: { uri },
              position: { line: 0, character: 3 },
              newName,
            });
          const edit = await rename("who");
          const ranges = (edit?.changes?.[uri] ?? [])
            .map((e) => `${e.range.start.line}:${e.range.start.character} ${e.newText}`)
            .sort();
          assert.deepEqual(ranges, ["0:2 who", `3:${NAME_IN_BODY} who`]);
          await assert.rejects(rename("greeting"), {
            message: 'the command already has a parameter named "greeting"',
          });
        },
      },
      "rename-header-deleted",
    );
  });
});
