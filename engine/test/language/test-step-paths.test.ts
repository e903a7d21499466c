import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { segmentsText, type Reference } from "../../src/language/ast";
import { formatDocument } from "../../src/language/format/format-document";
import { parseDocument } from "../../src/language/parse";
import { stepPathId, testStepPath } from "../../src/language/test-step-path";

const TEST = `test "paths" {
  workflow: ship
  fail: [release/bump, convert[1], release/convert[0]]
  expect step release/tag/push == success
  expect output release/stats.sites[0] == "x"
}
`;

describe("a test's step paths in the language", () => {
  it("reads `release/bump`, nested paths and instances where a test names a step", () => {
    const { file, diagnostics } = parseDocument(TEST, "/t.momoflow");
    assert.deepEqual(diagnostics, []);
    const test = file.tests[0]!;
    const fail = test.properties.find((p) => p.name.text === "fail")!.value!;
    assert.equal(fail.kind, "list");
    const items = fail.kind === "list" ? (fail.items as Reference[]) : [];
    assert.deepEqual(
      items.map((r) => segmentsText(r.segments)),
      ["release/bump", "convert[1]", "release/convert[0]"],
    );
    const [step, output] = test.expects;
    assert.equal(stepPathId(testStepPath(step!.target!, step!.path)), "release/tag/push");
    const path = testStepPath(output!.target!, output!.path);
    assert.equal(stepPathId(path), "release/stats");
    assert.deepEqual(
      path.rest.map((s) => s.text),
      ["sites", "[0]"],
    );
    // `bump` of `release/bump` has its own range, for hover, definition and rename.
    assert.deepEqual(items[0]!.segments[1]!.range, {
      start: { line: 2, character: 17 },
      end: { line: 2, character: 21 },
    });
  });

  it("keeps `/` a syntax error outside a test's step names, and says what is missing after one", () => {
    const elsewhere = parseDocument(
      `workflow w {\n  step a {\n    when: x / y\n    run: "true"\n  }\n}\n`,
      "/w.momoflow",
    );
    assert.equal(elsewhere.diagnostics.length, 1, JSON.stringify(elsewhere.diagnostics));
    assert.match(
      elsewhere.diagnostics[0]!.message,
      /unexpected `\/`: it names a called workflow's step only where a test names a step/,
    );
    const missing = parseDocument(
      `test "t" {\n  workflow: w\n  expect step release/ == success\n}\n`,
      "/t.momoflow",
    );
    assert.deepEqual(
      missing.diagnostics.map((d) => [d.message, d.range.start]),
      [
        [
          "`release/` needs the name of a step of the workflow `release` calls after the slash, as in `release/bump`",
          { line: 2, character: 14 },
        ],
      ],
    );
  });

  it("formats a path without spaces around `/`, and keeps it so", () => {
    const result = formatDocument(TEST.replace("release/bump", "release / bump"));
    assert.deepEqual(result, { ok: true, text: TEST });
    assert.deepEqual(formatDocument(TEST), { ok: true, text: TEST });
  });

  it("formats an instance after `expect step` and `expect output` as the docs write it: `convert[1]`, not `convert [1]`", () => {
    const text = `test "instances" {
  workflow: ship
  expect step convert[1] == success
  expect output convert[0] == "a"
  expect output convert[0].name == "a"
  expect step in[0] == success
}
`;
    assert.deepEqual(formatDocument(text), { ok: true, text });
    const spaced = text.replace("convert[1]", "convert [1]").replace("in[0]", "in [0]");
    assert.deepEqual(formatDocument(spaced), { ok: true, text });
  });
});
