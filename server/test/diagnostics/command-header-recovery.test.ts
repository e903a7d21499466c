import assert from "node:assert/strict";
import type { Position } from "vscode-languageserver-protocol";
import { MULTI_LINE, SINGLE_LINE, withCaller } from "../support/greet-command";
import { useWorkspaceSession } from "../support/workspace-session";
import { deletingLines, replacing, typedScenario, type TypedEdit } from "../support/typed-scenario";

/*
 * A command's header line deleted as it is edited, whole or key by key
 * from its end: the one error is at the header, each state; its parameters
 * written on lines of their own stay its parameters (not its body's unknown
 * properties), so the steps calling it keep their arguments known while it
 * has a name; the body's reads of parameters that went with the header, and
 * the calls of a command that lost its name, are no errors of their own.
 */

/** Line 0 deleted from its end, one key an edit (`command gree|` is the state after 2 keys). */
function backspacing(header: string): TypedEdit[] {
  return [...header].map((_, typed) => {
    const end = header.length - typed;
    return replacing(`${header.slice(0, end - 1)}|`, {
      start: { line: 0, character: end - 1 },
      end: { line: 0, character: end },
    });
  });
}

/** A position in the step's `run: greet(name: "ann")`, line 0 being `command`'s first line. */
function inCall(command: readonly string[], character: number): Position {
  return { line: command.length + 3, character };
}

describe("language server: a command's header line deleted as it is edited (real LSP over stdio)", function () {
  this.timeout(60_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-command-header-" });

  it("parameters on lines of their own: deleted whole, one error on the first parameter, which stay the command's (outline)", async () => {
    await typedScenario(
      workspace,
      withCaller(MULTI_LINE),
      [deletingLines("`command greet(` deleted", 0)],
      {
        opened: (state) => assert.deepEqual(state.said, []),
        edited: async (state) => {
          assert.deepEqual(state.said, [
            "1:3-1:7 MF001 `name` is a command's parameter: expected `command <name>(` above it",
          ]);
          const outline = await state.outline();
          assert.deepEqual(
            outline.map((d) => [d.name, d.detail]),
            [
              ["<unnamed command>", '(name: string, greeting: string = "Hello")'],
              ["w", undefined],
            ],
          );
        },
      },
      "header-deleted",
    );
  });

  it("parameters on lines of their own: deleted key by key, at each key one error on line 1 and the callers' arguments known while it has its name", async () => {
    const header = MULTI_LINE[0]!;
    const seen: string[] = [];
    await typedScenario(
      workspace,
      withCaller(MULTI_LINE),
      backspacing(header),
      {
        edited: async (state) => {
          const partial = state.label.slice(0, -1);
          const below = state.said.filter((d) => !d.startsWith("1:") && !d.startsWith("2:"));
          const renamed = /^command g(r(ee?)?)?$/.test(partial);
          // A name cut short (`gree`) names another command: the call says so, with its did-you-mean.
          if (renamed)
            assert.match(below.join("\n"), /^11:10-11:15 MF005 unknown command "greet"/, partial);
          else assert.deepEqual(below, [], partial);
          assert.equal(state.said.length - below.length, 1, `${partial}: ${state.said.join("\n")}`);
          seen.push(partial);
          if (partial !== "command greet") return;
          const items = await workspace.completion(
            state.uri,
            inCall(MULTI_LINE, "    run: greet(".length),
          );
          const labels = items.map((i) => i.label);
          assert.ok(labels.includes("greeting"), labels.join(", "));
          const hover = await workspace.hover(state.uri, inCall(MULTI_LINE, "    run: gr".length));
          assert.match(hover, /greeting/);
        },
      },
      "header-backspaced",
    );
    assert.ok(seen.includes("command greet") && seen.includes(""), seen.join(" | "));
  });

  it("parameters on the header line: deleted whole, one error, neither the body's reads of them nor the call said unknown", async () => {
    await typedScenario(
      workspace,
      withCaller(SINGLE_LINE),
      [deletingLines("`command greet(…) {` deleted", 0)],
      {
        opened: (state) => assert.deepEqual(state.said, []),
        edited: (state) =>
          assert.deepEqual(state.said, [
            "1:3-1:6 MF001 `run` is a command's property: expected `command <name> {` above it",
          ]),
      },
      "one-line-deleted",
    );
  });

  it("a header cut down to `command` or its keyword being typed: one error on line 1, no unknown command", async () => {
    const header = SINGLE_LINE[0]!;
    const line = (end: number): { start: Position; end: Position } => ({
      start: { line: 0, character: 0 },
      end: { line: 0, character: end },
    });
    await typedScenario(
      workspace,
      withCaller(SINGLE_LINE),
      [
        replacing("command ", line(header.length), "command "),
        replacing("comm", line("command ".length), "comm"),
      ],
      {
        edited: (state) => {
          assert.equal(state.said.length, 1, `${state.label}: ${state.said.join("\n")}`);
          assert.match(state.said[0]!, /^1:1-/, state.label);
        },
      },
      "header-cut",
    );
  });
});
