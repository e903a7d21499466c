import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { LanguageWorkspace } from "../../src/language/workspace";
import { checkedLines as check } from "../support/checked-file";

/*
 * A string in single quotes, as shells, YAML and Python write one, is one
 * MF001 on it saying to write double quotes (with the string to write, the
 * editor's quick fix), and is read as that string meanwhile: its words are
 * no names (no "not defined"), the property has its value.
 */
describe("a single-quoted string: one MF001, read as the string", () => {
  it("says to write it in double quotes, once, and nothing else", () => {
    const text = [
      "workflow w {",
      "  step a {",
      "    description: 'says hi'",
      "    run: log(message: 'a \"quoted\" word')",
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      '3:18-3:27 MF001 a string is written in double quotes: `"says hi"`',
      '4:23-4:40 MF001 a string is written in double quotes: `"a \\"quoted\\" word"`',
    ]);
  });

  it("offers the string in double quotes as the fix", () => {
    const text = "workflow w {\n  step a { run: 'echo hi' }\n}\n";
    const workspace = new LanguageWorkspace({
      readFile: (path) => (path === "/ws/main.momoflow" ? text : undefined),
    });
    const [diagnostic] = workspace.check("/ws/main.momoflow").diagnostics;
    assert.equal(diagnostic?.data?.suggestions?.[0], '"echo hi"');
  });
});
