import assert from "node:assert/strict";
import type { Hover, MarkupContent } from "vscode-languageserver-protocol/node";
import { useWorkspaceSession } from "../support/workspace-session";

const DOC = [
  "workflow w {", // 0
  '  env: { NODE_ENV: "production", "REGION": "eu" }', // 1
  "  step build {", // 2
  '    env: { CI: 1, TOKEN: "${env.HOME}" }', // 3
  '    run: "echo $CI"', // 4
  "  }", // 5
  "}", // 6
  'test "fast and small" {', // 7
  "  workflow: w", // 8
  "  expect duration < 30s", // 9
  "  expect memory <= 4GB", // 10
  "}", // 11
  "",
];

describe("language server: hover on a test's limits and on env names (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-hover-limits-" });
  let uri: string;

  before(async () => {
    uri = await workspace.open("limits.momoflow", DOC.join("\n"));
  });

  const hover = (line: number, word: string, nth = 0): Promise<Hover | null> => {
    let character = -1;
    for (let i = 0; i <= nth; i++) character = DOC[line]!.indexOf(word, character + 1);
    assert.ok(character >= 0, `${word} on line ${line}`);
    return workspace.client.request<Hover | null>("textDocument/hover", {
      textDocument: { uri },
      position: { line, character: character + 1 },
    });
  };
  const text = (h: Hover | null): string => (h?.contents as MarkupContent | undefined)?.value ?? "";
  const rangeOf = (line: number, word: string) => {
    const start = DOC[line]!.indexOf(word);
    return { start: { line, character: start }, end: { line, character: start + word.length } };
  };

  it("explains `expect duration` and `expect memory`: what is compared, the units and operators", async () => {
    const duration = await hover(9, "duration");
    assert.deepEqual(duration?.range, rangeOf(9, "duration"));
    assert.match(text(duration), /expect duration < <duration>/);
    assert.match(text(duration), /the run took less \(`<=`: at most\)/);
    assert.match(text(duration), /units `ms`, `s`, `m`, `h`/);
    const memory = await hover(10, "memory");
    assert.deepEqual(memory?.range, rangeOf(10, "memory"));
    assert.match(text(memory), /expect memory < <size>/);
    assert.match(
      text(memory),
      /the run's peak resident memory — the engine process's, or a shell action's when larger — is less \(`<=`: at most\)/,
    );
    assert.match(text(memory), /units `B`, `KB`, `MB`, `GB`, `TB` \(powers of 1024\)/);
  });

  it("explains a name an `env:` sets, of a workflow and of a step", async () => {
    const workflowKey = await hover(1, "NODE_ENV");
    assert.deepEqual(workflowKey?.range, rangeOf(1, "NODE_ENV"));
    assert.match(text(workflowKey), /\(environment variable\) NODE_ENV/);
    assert.match(text(workflowKey), /every step of workflow `w`/);
    assert.match(
      text(workflowKey),
      /A shell action gets it as a real environment variable \(`\$NODE_ENV`, `printenv`\)/,
    );
    assert.match(text(workflowKey), /its value is data, never shell code/);
    assert.match(text(workflowKey), /`\$\{env\.NODE_ENV\}` reads it/);
    assert.match(text(workflowKey), /A `js\(\)` function reads it in `context\.env`/);
    // A key written as a string is explained the same, on the string.
    assert.match(text(await hover(1, '"REGION"')), /\(environment variable\) REGION/);
    const stepKey = await hover(3, "CI");
    assert.deepEqual(stepKey?.range, rangeOf(3, "CI"));
    assert.match(text(stepKey), /\(environment variable\) CI/);
    assert.match(text(stepKey), /step `build`, over its workflow's/);
    assert.match(text(stepKey), /run record keeps the variables with each step's undo/);
    assert.match(
      text(stepKey),
      /except a value read from the environment or a secret param, which it keeps as a reference/,
    );
  });
});
