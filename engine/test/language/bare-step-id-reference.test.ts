import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check } from "../support/checked-file";

/*
 * A step's id read as if it were a value — `${fetch.output}`, `when: build
 * == "ok"` — is a habit of tools whose jobs are variables. The message says
 * it is a step and how its output is read, not only that the name is not
 * defined.
 */
describe("a step's id read as a value: the message says how its output is read", () => {
  const workflow = (...steps: string[]): string =>
    ["workflow w {", ...steps.map((l) => `  ${l}`), "}", ""].join("\n");

  it("says a step's output is steps.<id>.output", () => {
    assert.deepEqual(
      check(
        workflow(
          'step fetch { run: "echo 1"',
          "  rollback: none }",
          'step report { needs: fetch run: "echo ${fetch.output}"',
          "  rollback: none }",
        ),
      ),
      [
        '4:43-4:48 MF008 "fetch" is a step, not a value: its output is read as `steps.fetch.output`',
      ],
    );
  });

  it("says a fan-out step's outputs are steps.<id>.outputs", () => {
    assert.deepEqual(
      check(
        workflow(
          'step fetch { for_each: u in ["a", "b"] run: "echo ${u}"',
          "  rollback: none }",
          'step report { needs: fetch run: "echo ${fetch[0]}"',
          "  rollback: none }",
        ),
      ),
      [
        '4:43-4:48 MF008 "fetch" is a step, not a value: what its instances gave is read as `steps.fetch.outputs`',
      ],
    );
  });

  it("keeps the did-you-mean of a name near one in scope", () => {
    assert.deepEqual(
      check(
        workflow(
          'param fetched: string = "x"',
          'step fetch { run: "echo 1"',
          "  rollback: none }",
          'step report { needs: fetch run: "echo ${fetche}"',
          "  rollback: none }",
        ),
      ),
      [
        '2:9-2:16 MF012 unused param "fetched": nothing in the workflow refers to it',
        '5:43-5:49 MF008 "fetche" is not defined here; did you mean "fetched"?',
      ],
    );
  });
});
