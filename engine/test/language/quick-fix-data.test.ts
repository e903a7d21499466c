import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { knownReferencesFile, unknownReferencesFile } from "../../src/bench/unknown-references";
import type { Diagnostic } from "../../src/language/diagnostic";
import { LanguageWorkspace } from "../../src/language/workspace";

/** The invalid fixtures: every kind of mistake, most with a "did you mean". */
const FIXTURES = join(__dirname, "..", "..", "..", "test-fixtures", "invalid");

function checkOf(text: string, quickFixData?: boolean): readonly Diagnostic[] {
  const path = "/ws/main.momoflow";
  const workspace = new LanguageWorkspace({
    host: { readFile: (p) => (p === path ? text : undefined) },
    ...(quickFixData === undefined ? {} : { quickFixData }),
  });
  return workspace.check(path).diagnostics;
}

/** A diagnostic without its quick-fix data, as plain data. */
function withoutData(d: Diagnostic): Diagnostic {
  const { data: _data, ...rest } = d;
  return rest;
}

describe("a check without quick-fix data (momoflow check)", () => {
  const texts: [string, string][] = [
    ["unknown references", unknownReferencesFile(300)],
    ["known references", knownReferencesFile(300)],
    [
      "misspellings of every kind",
      [
        "workflow w {",
        "  param target: string",
        '  step build { run: log(mesage: "x") }',
        '  step test { needs: [biuld, nothere] run: log(message: "${steps.tset.output} ${targt}") }',
        '  step ship { need: test run: crate_file(path: "x", content: "y") }',
        "}",
      ].join("\n"),
    ],
    ["words for operators", 'workflow w {\n  step s { when: not a and b or c run: "x" }\n}\n'],
    ...readdirSync(FIXTURES)
      .filter((f) => f.endsWith(".momoflow"))
      .map((f): [string, string] => [f, readFileSync(join(FIXTURES, f), "utf8")]),
  ];

  for (const [name, text] of texts) {
    it(`reports the same diagnostics, with no data: ${name}`, () => {
      const full = checkOf(text, true);
      const bare = checkOf(text, false);
      assert.ok(full.length > 0, "the case has diagnostics");
      assert.deepEqual(bare, full.map(withoutData));
      assert.ok(bare.every((d) => d.data === undefined));
    });
  }

  it("makes data for the cases above (the comparison compares something)", () => {
    const withData = texts.filter(([, text]) => checkOf(text, true).some((d) => d.data));
    assert.ok(withData.length >= 10, `${withData.length} of ${texts.length}`);
  });

  it("still carries data by default, with the suggestions of each unknown step", () => {
    const full = checkOf(unknownReferencesFile(3));
    const first = full.find((d) => d.code === "MF002");
    assert.deepEqual(first?.data?.suggestions, ["step_00001", "step_00002"]);
    assert.equal(first?.data?.unknownStep, "stpe_00000");
  });

  it("leaves each unknown step's suggestions unsearched until they are read", () => {
    const full = checkOf(unknownReferencesFile(3));
    const unknown = full.filter((d) => d.code === "MF002" && d.data?.replaceRange);
    assert.ok(unknown.length >= 2, `${unknown.length} unknown steps with data`);
    for (const d of unknown) {
      // Still the getter that runs the search on first read: the check did not read it.
      const suggestions = Object.getOwnPropertyDescriptor(d.data, "suggestions");
      assert.equal(typeof suggestions?.get, "function", d.message);
    }
    assert.ok(unknown[0]!.data!.suggestions!.length > 0);
    assert.equal(Object.getOwnPropertyDescriptor(unknown[0]!.data, "suggestions")?.get, undefined);
  });
});
