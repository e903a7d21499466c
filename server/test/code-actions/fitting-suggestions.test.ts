import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { useWorkspaceSession } from "../support/workspace-session";

const CLI = resolve(__dirname, "../../../dist/cli.js");

/**
 * A workflow `release` taking `part: string`, called by `ship` with the
 * argument `call`; `ship` has a list and a string param near "regio", a
 * fan-out step `deploy` and a plain step `hello`, and reads `read` in a log.
 */
const document = (call: string, read: string): string =>
  [
    "workflow release {",
    '  param part: string = "patch"',
    '  step tag { run: "echo ${part}" }',
    "}",
    "workflow ship {",
    '  param regions: list = ["eu"]',
    '  param region_id: string = "eu-1"',
    '  param delpoy: string = "x"',
    `  step go { run: workflow release(part: ${call}) }`,
    "  step deploy {",
    "    for_each: r in regions",
    '    run: "echo ${r} ${region_id}"',
    "  }",
    '  step hello { run: "echo hi ${delpoy}" }',
    "  step after {",
    "    needs: [deploy, hello]",
    `    run: "echo ${read}"`,
    "  }",
    "}",
    "",
  ].join("\n");

/**
 * The "did you mean" of an unknown name prefers the names that fit the place
 * (a real LSP connection, and the real CLI for the message): a list where a
 * string goes, or `outputs` of a step that is no fan-out, is one more error.
 */
describe("language server: did-you-mean suggestions that fit the place (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-fitting-suggestions-" });
  let count = 0;

  /** The quick fixes' titles of the diagnostic `code` on `text`, and its message. */
  async function fixes(text: string, code: string): Promise<{ message: string; titles: string[] }> {
    const { uri, diagnostic, actions } = await workspace.actionsOnDiagnostic(
      `doc${++count}.momoflow`,
      text,
      code,
    );
    await workspace.client.closeDocument(uri);
    const titles = actions.map((a) => a.title).filter((t) => t.startsWith("Change to"));
    return { message: String(diagnostic.message), titles };
  }

  it("an argument's undefined name offers the names of its type (not a list for a string)", async () => {
    const { message, titles } = await fixes(document("regio", "${steps.deploy.outputs}"), "MF008");
    assert.match(message, /did you mean "region_id"\?/);
    assert.deepEqual(titles, ["Change to `region_id`"]);
  });

  it("keeps the nearest name when none near fits", async () => {
    const text = document("regio", "${steps.deploy.outputs}")
      .replace('  param region_id: string = "eu-1"\n', "")
      .replace(" ${region_id}", "");
    const { message, titles } = await fixes(text, "MF008");
    assert.match(message, /did you mean "regions"\?/);
    assert.deepEqual(titles, ["Change to `regions`"]);
  });

  it("`steps.<id>.outputs` offers the fan-out steps, `steps.<id>.output` the others", async () => {
    const outputs = await fixes(document('"a"', "${steps.deplo.outputs}"), "MF002");
    assert.match(outputs.message, /did you mean "deploy"\?/);
    assert.deepEqual(outputs.titles, ["Change to `deploy`"]);
    // `hellp`: `hello` is no fan-out, but nothing near is: the nearest is kept.
    const plain = await fixes(document('"a"', "${steps.hellp.outputs}"), "MF002");
    assert.deepEqual(plain.titles, ["Change to `hello`"]);
    const output = await fixes(document('"a"', "${steps.dello.output}"), "MF002");
    assert.match(output.message, /did you mean "hello"\?/);
    assert.deepEqual(output.titles, ["Change to `hello`"]);
  });

  it("momoflow check says the fitting name too", () => {
    const dir = mkdtempSync(join(tmpdir(), "momoflow-fitting-check-"));
    try {
      writeFileSync(join(dir, "ship.momoflow"), document("regio", "${steps.deplo.outputs}"));
      let out = "";
      try {
        execFileSync(process.execPath, [CLI, "check", "ship.momoflow"], {
          cwd: dir,
          encoding: "utf8",
        });
      } catch (error) {
        out = String((error as { stdout: string }).stdout);
      }
      assert.match(out, /"regio" is not defined here; did you mean "region_id"\?/);
      assert.match(out, /unknown step "deplo" in workflow "ship"; did you mean "deploy"\?/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
