import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A js() function may return what JSON cannot hold: an object that refers
 * back to itself (a response object, a tree with parent links) or a BigInt.
 * The record keeps `"[circular]"` and `"10n"` there; a later step that reads
 * the output reads the same, and does not fail on the engine's own error.
 */
describe("js() outputs JSON cannot hold, read by later steps (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-js-odd-");

  it("interpolates a circular object and a BigInt into a shell action and a string as the record keeps them", async () => {
    writeFileSync(
      join(tmp(), "m.mjs"),
      [
        "export function tree() {",
        '  const root = { name: "root", size: 10n, children: [] };',
        '  root.children.push({ name: "leaf", parent: root });',
        "  return root;",
        "}",
      ].join("\n"),
    );
    writeFileSync(
      join(tmp(), "wf.momoflow"),
      [
        "workflow w {",
        "  step make {",
        '    run: js("./m.mjs", "tree")',
        "    rollback: none",
        "  }",
        "  step shell {",
        "    needs: make",
        "    run: \"printf '%s' ${steps.make.output} > shell.txt\"",
        '    rollback: "rm -f shell.txt"',
        "  }",
        "  step text {",
        "    needs: make",
        '    run: create_file(path: "text.txt", content: "tree: ${steps.make.output}")',
        "  }",
        "}",
      ].join("\n"),
    );
    const out = await runCli(["run", "wf.momoflow"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const recorded =
      '{"name":"root","size":"10n","children":[{"name":"leaf","parent":"[circular]"}]}';
    assert.equal(readFileSync(join(tmp(), "shell.txt"), "utf8"), recorded);
    assert.equal(readFileSync(join(tmp(), "text.txt"), "utf8"), `tree: ${recorded}`);
  });
  it("takes a function returned by js() for no output, as the record does, and says so to the step reading it", async () => {
    writeFileSync(join(tmp(), "m.mjs"), "export function handler() {\n  return () => 1;\n}\n");
    writeFileSync(
      join(tmp(), "wf.momoflow"),
      [
        "workflow w {",
        "  step make {",
        '    run: js("./m.mjs", "handler")',
        "    rollback: none",
        "  }",
        "  step use {",
        "    needs: make",
        '    run: "echo ${steps.make.output}"',
        "    rollback: none",
        "  }",
        "}",
      ].join("\n"),
    );
    const out = await runCli(["run", "wf.momoflow"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stdout, /step "use" failed: .*step `make` has no output/);
  });
});
