import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check } from "../support/checked-file";

/*
 * "Nothing to undo" as other languages write it — `null`, `nil`, `None`,
 * `false`, an empty string — is one MF007 saying `none` (its quick fix), in
 * a step's and a command's rollback; a param or var of that name is a value.
 */
describe('rollback: null, nil, false or "": one MF007 saying none', () => {
  it("says none for each", () => {
    for (const written of ["null", "nil", "None", "false", '""', '"  "']) {
      const text = [
        "workflow w {",
        "  step a {",
        '    run: "echo"',
        `    rollback: ${written}`,
        "  }",
        "}",
        "",
      ];
      const shown = written.startsWith('"') ? '""' : written;
      assert.deepEqual(
        check(text.join("\n")),
        [
          `4:15-4:${15 + written.length} MF007 nothing to undo is written \`rollback: none\`, not \`rollback: ${shown}\``,
        ],
        written,
      );
    }
  });

  it("says it of a command's rollback too", () => {
    const text = ["command c() {", '  run: "echo"', "  rollback: null", "}", ""].join("\n");
    assert.deepEqual(check(text), [
      "3:13-3:17 MF007 nothing to undo is written `rollback: none`, not `rollback: null`",
    ]);
  });

  it('leaves a run: "" and a rollback that is an action alone', () => {
    const text = [
      "workflow w {",
      "  step a {",
      '    run: ""',
      '    rollback: "echo undo"',
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), []);
  });
});
