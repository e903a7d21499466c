import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check } from "../support/checked-file";

/*
 * The names other languages give a type (`integer`, `str`, `float`, `dict`,
 * `object`, `array`, `boolean`, `String`) are one MF007 that names ours.
 */
describe("another language's name for a type: MF007 says which type is meant", () => {
  it("names int, string, number, map, list and bool", () => {
    const pairs: [string, string][] = [
      ["integer", "int"],
      ["str", "string"],
      ["float", "number"],
      ["double", "number"],
      ["dict", "map"],
      ["object", "map"],
      ["array", "list"],
      ["boolean", "bool"],
      ["String", "string"],
      ["Int", "int"],
    ];
    for (const [name, meant] of pairs) {
      const text = ["workflow w {", `  param p: ${name}`, '  step a { run: "echo ${p}" }', "}", ""];
      assert.deepEqual(
        check(text.join("\n")),
        [`2:12-2:${12 + name.length} MF007 unknown type "${name}"; did you mean "${meant}"?`],
        name,
      );
    }
  });

  it("reads a typed list or map (`string[]`, `list<string>`, `dict[str, int]`) as one MF001: write list or map", () => {
    const cases: [string, string][] = [
      ["string[]", "list"],
      ["string[][]", "list"],
      ["list<string>", "list"],
      ["Array<string>", "list"],
      ["list[str]", "list"],
      ["dict[str, int]", "map"],
      ["Map<string, int>", "map"],
      ["map<string, list<int>>", "map"],
    ];
    for (const [type, meant] of cases) {
      const text = [
        "workflow w {",
        `  param p: ${type} = ${meant === "list" ? '["a"]' : "{ a: 1 }"}`,
        '  step a { run: "echo ${p}" }',
        "}",
        "",
      ];
      const what =
        meant === "list"
          ? "a list's items are not typed: write `list` (it holds values of any type)"
          : "a map's values are not typed: write `map` (it holds values of any type)";
      assert.deepEqual(
        check(text.join("\n")),
        [`2:12-2:${12 + type.length} MF001 \`${type}\`: ${what}`],
        type,
      );
    }
  });

  it("reads a command parameter's typed list the same way", () => {
    const text = [
      "command greet(names: string[]) {",
      '  run: "echo ${names}"',
      "  rollback: none",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      "1:22-1:30 MF001 `string[]`: a list's items are not typed: write `list` (it holds values of any type)",
    ]);
  });

  it("takes number as the type it is", () => {
    const text = [
      "workflow w {",
      "  param p: number = 1.5",
      '  step a { run: "echo ${p}" }',
      "}",
      "",
    ];
    assert.deepEqual(check(text.join("\n")), []);
  });
});
