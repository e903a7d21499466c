import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check } from "../support/checked-file";

/*
 * A positional argument (`c(1)`) stands for the parameter that no named
 * argument of the call gives, in order: one MF006 on it naming that
 * parameter ("write b: value"), and that parameter is not also "missing".
 * A required parameter nothing stands for is still missing.
 */
const COMMAND = [
  "command c(a: int, b: string, d: bool = false) {",
  '  run: "echo ${a} ${b} ${d}"',
  "  rollback: none",
  "}",
];

function calling(call: string): string {
  return [...COMMAND, "workflow w {", `  step s { run: ${call} }`, "}", ""].join("\n");
}

describe("positional arguments: one MF006 each, naming the parameter they stand for", () => {
  it("`c(1)`: write a, and only b is missing", () => {
    assert.deepEqual(check(calling("c(1)")), [
      '6:17-6:18 MF006 "c" is missing required argument "b" (string)',
      '6:19-6:20 MF006 arguments of "c" are named: write a: value',
    ]);
  });

  it('`c(a: 1, "x")`: write b, nothing missing', () => {
    assert.deepEqual(check(calling('c(a: 1, "x")')), [
      '6:25-6:28 MF006 arguments of "c" are named: write b: value',
    ]);
  });

  it('`c(1, "x")`: each positional names its own parameter', () => {
    assert.deepEqual(check(calling('c(1, "x")')), [
      '6:19-6:20 MF006 arguments of "c" are named: write a: value',
      '6:22-6:25 MF006 arguments of "c" are named: write b: value',
    ]);
  });
});
