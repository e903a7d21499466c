import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { LanguageWorkspace } from "../../src/language/workspace";

/*
 * A read of a name declared with dashes is no error of its own: the
 * declaration's MF001 and its rename (which renames the reads, in the files
 * importing it too) cover it. So a call, in an importing file, of a
 * workflow or command declared with dashes is said once, at the
 * declaration (and as MF013 at the import), not again at each call.
 */
describe("a call of an imported workflow or command declared with dashes: said at the declaration only", () => {
  const check = (lib: string, main: string): string[] => {
    const files: Record<string, string> = { "/ws/lib.momoflow": lib, "/ws/main.momoflow": main };
    const workspace = new LanguageWorkspace({ readFile: (path) => files[path] });
    return workspace
      .check("/ws/main.momoflow")
      .diagnostics.map(
        (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`,
      );
  };
  const lib = (workflow: string, command: string): string =>
    [
      `workflow ${workflow} {`,
      '  param my_arg: string = "a"',
      '  step go { run: "echo ${my_arg}" rollback: none }',
      "}",
      `command ${command}() { run: "true" }`,
      "",
    ].join("\n");
  const main = [
    'import "./lib.momoflow"',
    "workflow main {",
    '  step a { run: workflow do-thing(my_arg: "b") }',
    "  step b { run: tidy-up() rollback: none }",
    "}",
    "",
  ].join("\n");

  it("says nothing at the calls of a workflow and a command declared with dashes", () => {
    assert.deepEqual(check(lib("do-thing", "tidy-up"), main), [
      "1:8 MF013 lib.momoflow has 2 errors, so nothing it declares can run (1:10: MF001 `do-thing` cannot be a workflow's name: a name holds letters, digits and `_`, not `-`; write `do_thing`); fix it first",
    ]);
  });

  it("still says a dashed call of names declared with `_`", () => {
    assert.deepEqual(check(lib("do_thing", "tidy_up"), main), [
      "3:26 MF001 a name holds letters, digits and `_`, not `-`: write `do_thing` for `do-thing`",
      "4:17 MF001 a name holds letters, digits and `_`, not `-`: write `tidy_up` for `tidy-up`",
    ]);
  });
});
