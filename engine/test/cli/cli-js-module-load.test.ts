import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A `js()` module that cannot be loaded, through the real CLI: the step's
 * error names the module and says why. It used to be Node's bare message —
 * "Unexpected number" for a syntax error, with no file (it now says where:
 * cli-js-syntax-error-location.test.ts), and
 * "Cannot find module … imported from …/dist/cli.js", naming momoflow's own
 * bundle as the importer.
 */
describe("momoflow run: a js() module that cannot be loaded", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-js-load-");

  it("a syntax error and a missing module fail their step naming the module, its file and why", async () => {
    writeFileSync(
      join(tmp(), "bad.mjs"),
      "export const ok = 1;\nexport function f( { return 1 }\n",
    );
    writeFileSync(
      join(tmp(), "flow.momoflow"),
      `workflow load {
  step syntax {
    run: js("./bad.mjs", "f")
    rollback: none
    continue_on_error: true
  }
  step missing {
    run: js("./missing.mjs", "g")
    rollback: none
    continue_on_error: true
  }
}
`,
    );
    const out = await runCli(["run", "flow.momoflow", "--json"], tmp());
    const result = JSON.parse(out.stdout) as { steps: { id: string; error?: string }[] };
    const error = (id: string): string | undefined => result.steps.find((s) => s.id === id)?.error;
    assert.equal(
      error("syntax"),
      `js("./bad.mjs", "f"): cannot load ${join(tmp(), "bad.mjs")}: SyntaxError: Unexpected number\n` +
        `  ${join(tmp(), "bad.mjs")}:2:29\n  export function f( { return 1 }\n  ${" ".repeat(28)}^`,
    );
    assert.equal(
      error("missing"),
      `js("./missing.mjs", "g"): cannot load ${join(tmp(), "missing.mjs")}: no such file`,
    );
    assert.doesNotMatch(out.stdout + out.stderr, /dist\/cli/);
  });

  it("an ES module importing CommonJS with a syntax error fails its step only: the run goes on", async () => {
    // Node 20 rejects a second, internal promise of that import, which nobody can handle:
    // unhandled, it ended the whole process (exit 1) even though the step caught the error.
    writeFileSync(join(tmp(), "broken.cjs"), "module.exports = { a: 1 b };\n");
    writeFileSync(
      join(tmp(), "uses.mjs"),
      'import "./broken.cjs";\nexport function f() { return 1; }\n',
    );
    writeFileSync(
      join(tmp(), "later.mjs"),
      "export async function later() { await new Promise((r) => setTimeout(r, 200)); return 2; }\n",
    );
    writeFileSync(
      join(tmp(), "flow.momoflow"),
      `workflow load {
  step broken {
    run: js("./uses.mjs", "f")
    rollback: none
    continue_on_error: true
  }
  step later {
    run: js("./later.mjs", "later")
    rollback: none
  }
}
`,
    );
    const out = await runCli(["run", "flow.momoflow", "--json", "--concurrency", "1"], tmp());
    assert.doesNotMatch(out.stderr, /Node\.js v\d/);
    assert.equal(out.code, 0);
    const result = JSON.parse(out.stdout) as {
      status: string;
      steps: { id: string; status: string; error?: string }[];
    };
    assert.equal(result.status, "success");
    assert.deepEqual(
      result.steps.map((s) => [s.id, s.status]),
      [
        ["broken", "failed"],
        ["later", "success"],
      ],
    );
    assert.match(result.steps[0]!.error!, /broken\.cjs:1:25/);
  });
});
