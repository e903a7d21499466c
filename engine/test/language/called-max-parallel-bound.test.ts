import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LanguageWorkspace } from "../../src/language/workspace";
import { useTempDir } from "../support/temp-dir";

/*
 * A called workflow's steps run under the calling run's concurrency (its own
 * is not read), so its fan-out steps' `max_parallel` is bounded by the
 * caller's: MF022 at the call when the caller's concurrency is below it,
 * naming both numbers and where each is written. The called workflow's own
 * MF022 speaks of running it on its own, and says so when it is called.
 * Real files on disk, one importing the other, checked as the editor and
 * `momoflow check` check them.
 */
describe("MF022 for a called workflow: the caller's concurrency bounds its fan-out", () => {
  const tmp = useTempDir("momoflow-called-bound-");

  /** `line:col CODE message` (1-based) of each diagnostic of `main.momoflow`, the files written first. */
  function check(files: Record<string, string>): string[] {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(tmp(), name, ".."), { recursive: true });
      writeFileSync(join(tmp(), name), text);
    }
    return new LanguageWorkspace()
      .check(join(tmp(), "main.momoflow"))
      .diagnostics.map(
        (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`,
      );
  }

  const CONVERT = [
    "workflow convert_all {",
    "  concurrency: 4",
    "  step convert {",
    "    for_each: n in [1, 2, 3, 4]",
    "    max_parallel: 4",
    '    run: "echo ${n}"',
    "    rollback: none",
    "  }",
    "}",
  ];

  it("warns at the call when the caller's default concurrency bounds the called fan-out, with its fix's bound", () => {
    const text = [
      ...CONVERT,
      "workflow nightly {",
      "  step all {",
      "    run: workflow convert_all()",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check({ "main.momoflow": text }), [
      `12:19 MF022 "max_parallel: 4" of step "convert" of workflow "convert_all" (line 5), run as all/convert, cannot run 4 instances at once: a called workflow's steps run under the calling workflow's concurrency, here 1 (the default), so at most 1 instance runs at once; set this workflow's concurrency to 4 (or run with --concurrency 4)`,
    ]);
    const workspace = new LanguageWorkspace();
    const [diagnostic] = workspace.check(join(tmp(), "main.momoflow")).diagnostics;
    assert.deepEqual(diagnostic?.data, { raiseConcurrency: 4 });
  });

  it("names where each number is written: the caller's concurrency line, an imported file's max_parallel", () => {
    const main = [
      'import "./lib/convert.momoflow"',
      "workflow nightly {",
      "  concurrency: 2",
      "  step all {",
      "    run: workflow convert_all()",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(
      check({ "lib/convert.momoflow": CONVERT.join("\n") + "\n", "main.momoflow": main }),
      [
        `5:19 MF022 "max_parallel: 4" of step "convert" of workflow "convert_all" (lib/convert.momoflow:5), run as all/convert, cannot run 4 instances at once: a called workflow's steps run under the calling workflow's concurrency, here 2 (line 3), so at most 2 instances run at once; set this workflow's concurrency to 4 (or run with --concurrency 4)`,
      ],
    );
  });

  it("follows nested calls: the outermost caller's concurrency bounds them all", () => {
    const text = [
      ...CONVERT,
      "workflow middle {",
      "  concurrency: 4",
      "  step inner {",
      "    run: workflow convert_all()",
      "  }",
      "}",
      "workflow nightly {",
      "  step outer {",
      "    run: workflow middle()",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check({ "main.momoflow": text }), [
      `18:19 MF022 "max_parallel: 4" of step "convert" of workflow "convert_all" (line 5), run as outer/inner/convert, cannot run 4 instances at once: a called workflow's steps run under the calling workflow's concurrency, here 1 (the default), so at most 1 instance runs at once; set this workflow's concurrency to 4 (or run with --concurrency 4)`,
    ]);
  });

  it("says nothing at a call whose caller allows it, nor for a value from a param", () => {
    const text = [
      ...CONVERT,
      "workflow wide {",
      "  concurrency: 4",
      "  step all {",
      "    run: workflow convert_all()",
      "  }",
      "}",
      "workflow chosen {",
      "  param workers: int = 2",
      "  concurrency: workers",
      "  step all {",
      "    run: workflow convert_all()",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check({ "main.momoflow": text }), []);
  });

  it("a workflow both run on its own and called: its own MF022 speaks of running it on its own, the call's of the call", () => {
    const text = [
      "workflow convert_all {",
      "  step convert {",
      "    for_each: n in [1, 2, 3, 4]",
      "    max_parallel: 4",
      '    run: "echo ${n}"',
      "    rollback: none",
      "  }",
      "}",
      "workflow wide {",
      "  concurrency: 4",
      "  step all {",
      "    run: workflow convert_all()",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check({ "main.momoflow": text }), [
      `4:19 MF022 "max_parallel: 4" cannot run 4 instances at once when workflow "convert_all" runs on its own: no more steps run at once than the workflow's concurrency, which is 1 (the default), so at most 1 instance runs at once (a call runs it under the calling workflow's concurrency); set the workflow's concurrency to 4 (or run with --concurrency 4)`,
    ]);
  });
});
