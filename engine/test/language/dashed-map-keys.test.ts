import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { parseDocument } from "../../src/language/parse";
import { checkedLines as check } from "../support/checked-file";

/*
 * A map key written with a dash, as YAML and .env files write one
 * (`env: { NODE-ENV: "x" }`): no name holds a `-`, and the lexer skips it.
 * It is one MF001 on the whole key — in `env` (and a test's `params`),
 * saying what a name may hold, with `NODE_ENV` as the fix, and read as that
 * meanwhile; elsewhere, saying to write the key as a string — not
 * "unexpected character `-`" and then "expected `:` and a value after `NODE`".
 */
function inStep(env: string): string {
  return ["workflow w {", "  step s {", `    env: ${env}`, '    run: "echo"', "  }", "}", ""].join(
    "\n",
  );
}

const NAME_HOLDS = "a name holds letters, digits and `_`, not starting with a digit";
const ENV_NAME = `is not an environment variable name: ${NAME_HOLDS}`;

describe("a map key with a dash: one MF001 on the key", () => {
  it("in a step's env, says what a variable's name may hold, once, at the name", () => {
    assert.deepEqual(check(inStep('{ A-B: "x", C: "y" }')), [
      `3:12-3:15 MF001 \`A-B\` ${ENV_NAME}; write \`A_B\``,
    ]);
  });

  it("offers the name with `_` as the fix, over the whole key", () => {
    const [diagnostic] = parseDocument(
      inStep('{ NODE--ENV: "x" }'),
      "/work/a.momoflow",
    ).diagnostics;
    assert.deepEqual(diagnostic?.data, {
      suggestions: ["NODE__ENV"],
      replaceRange: { start: { line: 2, character: 11 }, end: { line: 2, character: 20 } },
    });
  });

  it("in a workflow's env on lines of its own, reads the next entries and the step on", () => {
    const text = [
      "workflow w {",
      "  env: {",
      '    MY-LONG-NAME: "x",',
      '    B: "${env.MY_LONG_NAME}"',
      "  }",
      "  step s {",
      '    run: "echo $MY_LONG_NAME $B"',
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      `3:5-3:17 MF001 \`MY-LONG-NAME\` ${ENV_NAME}; write \`MY_LONG_NAME\``,
    ]);
  });

  it("still checks the entry's value", () => {
    assert.deepEqual(check(inStep("{ A-B: undefined_name }")), [
      `3:12-3:15 MF001 \`A-B\` ${ENV_NAME}; write \`A_B\``,
      '3:17-3:31 MF008 "undefined_name" is not defined here',
    ]);
  });

  it("in a string, is still MF030, and spaces around a `-` are still no key", () => {
    assert.deepEqual(check(inStep('{ "A-B": "x" }')), [
      '3:12-3:17 MF030 "A-B" is not an environment variable name: use letters, digits and _, not starting with a digit',
    ]);
    assert.deepEqual(check(inStep('{ A - B: "x" }')), [
      "3:14-3:15 MF001 unexpected character `-`",
      "3:16-3:17 MF001 expected `:` and a value after `A`",
    ]);
  });

  it("in a test's params, says what a param's name may hold, and reads it so", () => {
    const text = [
      "workflow w {",
      '  param my_target: string = "a"',
      '  step s { run: "echo ${my_target}" rollback: none }',
      "}",
      'test "t" {',
      "  workflow: w",
      '  params: { my-target: "b" }',
      "}",
      "",
    ].join("\n");
    // Once also MF006 "workflow w has no param my-target".
    assert.deepEqual(check(text), [
      `7:13-7:22 MF001 \`my-target\` is not a param's name: ${NAME_HOLDS}; write \`my_target\``,
    ]);
  });

  it("in another map, says to write the key as a string", () => {
    const text = [
      "command c(m: map) {",
      '  run: "echo"',
      "  rollback: none",
      "}",
      "workflow w {",
      "  step s {",
      "    run: c(m: { a-b: 1 })",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      '7:17-7:20 MF001 a name holds no `-`: write the key `a-b` as a string, `"a-b"`',
    ]);
  });
});
