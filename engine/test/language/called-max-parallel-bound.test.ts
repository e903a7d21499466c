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

  /** `workflow convert_all`: one fan-out step `convert` of 4 items; `max_parallel` on its line 5 (4 without `concurrency`). */
  function convertAll({
    concurrency,
    maxParallel,
  }: {
    concurrency?: number;
    maxParallel: number;
  }): string[] {
    return [
      "workflow convert_all {",
      ...(concurrency === undefined ? [] : [`  concurrency: ${concurrency}`]),
      "  step convert {",
      "    for_each: n in [1, 2, 3, 4]",
      `    max_parallel: ${maxParallel}`,
      '    run: "echo ${n}"',
      "    rollback: none",
      "  }",
      "}",
    ];
  }

  /**
   * `workflow name` whose one step `step` calls `callee`, its `concurrency`
   * (a number, or a param's name) and `members` written above the step.
   */
  function calling(
    name: string,
    {
      step = "all",
      callee = "convert_all",
      concurrency,
      members = [],
    }: { step?: string; callee?: string; concurrency?: number | string; members?: string[] } = {},
  ): string[] {
    return [
      `workflow ${name} {`,
      ...members.map((member) => `  ${member}`),
      ...(concurrency === undefined ? [] : [`  concurrency: ${concurrency}`]),
      `  step ${step} {`,
      `    run: workflow ${callee}()`,
      "  }",
      "}",
    ];
  }

  /** A file of `blocks`, one line each, ending with a line break. */
  const file = (...blocks: string[][]): string => [...blocks.flat(), ""].join("\n");

  /** The called workflow most cases call: its own concurrency is enough for its own run. */
  const CONVERT = convertAll({ concurrency: 4, maxParallel: 4 });

  it("warns at the call when the caller's default concurrency bounds the called fan-out, with its fix's bound", () => {
    const text = file(CONVERT, calling("nightly"));
    assert.deepEqual(check({ "main.momoflow": text }), [
      `12:19 MF022 "max_parallel: 4" of step "convert" of workflow "convert_all" (line 5), run as all/convert, cannot run 4 instances at once: a called workflow's steps run under the calling workflow's concurrency, here 1 (the default), so at most 1 instance runs at once; set this workflow's concurrency to 4 (or run with --concurrency 4)`,
    ]);
    const workspace = new LanguageWorkspace();
    const [diagnostic] = workspace.check(join(tmp(), "main.momoflow")).diagnostics;
    assert.deepEqual(diagnostic?.data, { raiseConcurrency: 4 });
  });

  it("names where each number is written: the caller's concurrency line, an imported file's max_parallel", () => {
    const main = file(['import "./lib/convert.momoflow"'], calling("nightly", { concurrency: 2 }));
    assert.deepEqual(check({ "lib/convert.momoflow": file(CONVERT), "main.momoflow": main }), [
      `5:19 MF022 "max_parallel: 4" of step "convert" of workflow "convert_all" (lib/convert.momoflow:5), run as all/convert, cannot run 4 instances at once: a called workflow's steps run under the calling workflow's concurrency, here 2 (line 3), so at most 2 instances run at once; set this workflow's concurrency to 4 (or run with --concurrency 4)`,
    ]);
  });

  it("follows nested calls: the outermost caller's concurrency bounds them all", () => {
    const text = file(
      CONVERT,
      calling("middle", { step: "inner", concurrency: 4 }),
      calling("nightly", { step: "outer", callee: "middle" }),
    );
    assert.deepEqual(check({ "main.momoflow": text }), [
      `18:19 MF022 "max_parallel: 4" of step "convert" of workflow "convert_all" (line 5), run as outer/inner/convert, cannot run 4 instances at once: a called workflow's steps run under the calling workflow's concurrency, here 1 (the default), so at most 1 instance runs at once; set this workflow's concurrency to 4 (or run with --concurrency 4)`,
    ]);
  });

  it("says nothing at a call whose caller allows it, nor for a value from a param", () => {
    const text = file(
      CONVERT,
      calling("wide", { concurrency: 4 }),
      calling("chosen", { members: ["param workers: int = 2"], concurrency: "workers" }),
    );
    assert.deepEqual(check({ "main.momoflow": text }), []);
  });

  it("a workflow both run on its own and called: its own MF022 speaks of running it on its own, the call's of the call", () => {
    const text = file(convertAll({ maxParallel: 4 }), calling("wide", { concurrency: 4 }));
    assert.deepEqual(check({ "main.momoflow": text }), [
      `4:19 MF022 "max_parallel: 4" cannot run 4 instances at once when workflow "convert_all" runs on its own: no more steps run at once than the workflow's concurrency, which is 1 (the default), so at most 1 instance runs at once (a call runs it under the calling workflow's concurrency); set the workflow's concurrency to 4 (or run with --concurrency 4)`,
    ]);
  });
});
