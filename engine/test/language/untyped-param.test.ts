import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check } from "../support/checked-file";

/*
 * `param target = "staging"`, a param with its default but no type (as
 * languages with inferred types write one): the error says which type its
 * default has, and the quick fix writes it.
 */
describe("a param with a default and no type: the error names the default's type", () => {
  const workflow = (...params: string[]): string =>
    [
      "workflow w {",
      ...params.map((p) => `  ${p}`),
      "  step a {",
      '    run: "echo ${p}"',
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");

  for (const [written, type] of [
    ['"staging"', "string"],
    ["3", "int"],
    ["2.5", "number"],
    ["true", "bool"],
    ["30s", "duration"],
    ["1GB", "size"],
    ['["a", "b"]', "list"],
    ['{ a: "b" }', "map"],
  ] as const) {
    it(`says ${written} is a ${type}, with \`p: ${type}\` as the fix`, () => {
      assert.deepEqual(check(workflow(`param p = ${written}`)), [
        `2:9-2:10 MF001 \`p\` has no type: write \`p: ${type}\` (a param's type follows its name)`,
      ]);
    });
  }

  it("keeps saying a type is expected when the default's type is not written out", () => {
    assert.deepEqual(check(workflow('param q: string = "x"', "param p = q")), [
      "3:11-3:12 MF001 expected `:` and a type after `p`",
    ]);
  });

  it("says the same of a command's parameter", () => {
    assert.deepEqual(
      check(
        [
          'command greet(name = "you") {',
          '  run: "echo ${name}"',
          "  rollback: none",
          "}",
          "workflow w {",
          "  step a {",
          "    run: greet()",
          "  }",
          "}",
          "",
        ].join("\n"),
      ),
      [
        "1:15-1:19 MF001 `name` has no type: write `name: string` (a param's type follows its name)",
      ],
    );
  });
});
