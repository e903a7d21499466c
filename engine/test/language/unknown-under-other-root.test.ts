import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check } from "../support/checked-file";
import { LanguageWorkspace } from "../../src/language/workspace";

/*
 * Other tools read their inputs under a root (`${params.n}`, `${inputs.n}`,
 * `${vars.n}`); momoflow reads a param or var by its name alone. A name under
 * such a root that the workflow does not declare is said as what it is — no
 * param (or var) of the workflow, with the ones it has — not as the root
 * being undefined.
 */
describe("params.x, inputs.x and vars.x naming nothing declared: MF008 on the name, with what there is", () => {
  const workflow = (...lines: string[]): string =>
    [
      "workflow w {",
      "  param count: int = 3",
      "  param n: int = 1",
      '  var label = "x${count}${n}"',
      "  step a {",
      ...lines.map((l) => `    ${l}`),
      "  }",
      "}",
      "",
    ].join("\n");

  it("says ${params.zz} is no param of the workflow, naming its params", () => {
    assert.deepEqual(check(workflow('run: "echo ${params.zz} ${label}"')), [
      '6:18-6:27 MF008 "zz" is not a param of workflow "w" (its params: count, n)',
    ]);
  });

  it("says did you mean for a close name, read by its name alone", () => {
    assert.deepEqual(check(workflow('run: "echo ${params.cout} ${inputs.coutn} ${label}"')), [
      '6:18-6:29 MF008 "cout" is not a param of workflow "w" (its params: count, n); did you mean "count"? A param is read by its name alone: `count`',
      '6:33-6:45 MF008 "coutn" is not a param of workflow "w" (its params: count, n); did you mean "count"? A param is read by its name alone: `count`',
    ]);
  });

  it("gives the close name as the quick fix, replacing the whole reference", () => {
    const text = workflow('run: "echo ${params.cout} ${label}"');
    const workspace = new LanguageWorkspace({
      readFile: (path) => (path === "/ws/main.momoflow" ? text : undefined),
    });
    const [diagnostic] = workspace.check("/ws/main.momoflow").diagnostics;
    assert.deepEqual(diagnostic?.data?.suggestions, ["count"]);
    assert.deepEqual(diagnostic?.data?.replaceRange, {
      start: { line: 5, character: 17 },
      end: { line: 5, character: 28 },
    });
  });

  it("says ${vars.x} is no var of the workflow, naming its vars", () => {
    assert.deepEqual(check(workflow('run: "echo ${vars.labl} ${vars.x} ${label}"')), [
      '6:18-6:27 MF008 "labl" is not a var of workflow "w" (its vars: label); did you mean "label"? A var is read by its name alone: `label`',
      '6:31-6:37 MF008 "x" is not a var of workflow "w" (its vars: label)',
    ]);
  });

  it("says so of a workflow with no params, and outside a string", () => {
    const text = ["workflow w {", '  step a { when: params.go run: "echo" }', "}", ""].join("\n");
    assert.deepEqual(check(text), [
      '2:18-2:27 MF008 "go" is not a param of workflow "w" (it has no params)',
    ]);
  });

  it("says ${params.x} in a command is no parameter of the command", () => {
    const text = ["command greet(name: string) {", '  run: "echo ${params.nme}"', "}", ""].join(
      "\n",
    );
    assert.deepEqual(check(text), [
      '2:16-2:26 MF008 "nme" is not a parameter of command "greet" (its parameters: name); did you mean "name"? A parameter is read by its name alone: `name`',
    ]);
  });
});
