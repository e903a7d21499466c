import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { LanguageWorkspace } from "../../src/language/workspace";
import { compareWithExpectations, parseExpectations, showRange } from "./fixture-expectations";
import { momoflowFiles } from "../support/momoflow-files";

const FIXTURES = resolve(__dirname, "../../../test-fixtures");

/** Every `"MFnnn"` literal in the TypeScript sources under `dir`. */
function codesIn(dir: string): Set<string> {
  const codes = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const code of codesIn(path)) codes.add(code);
    else if (entry.name.endsWith(".ts"))
      for (const match of readFileSync(path, "utf8").matchAll(/"(MF\d{3})"/g)) codes.add(match[1]!);
  }
  return codes;
}

describe("language fixtures", () => {
  const workspace = new LanguageWorkspace();

  describe("invalid: exactly the expected diagnostics", () => {
    for (const path of momoflowFiles(join(FIXTURES, "invalid"))) {
      const name = relative(FIXTURES, path);
      it(name, () => {
        const source = readFileSync(path, "utf8");
        const expected = parseExpectations(source);
        assert.ok(expected.length > 0, `${name} has no expectation comments`);
        const { diagnostics } = workspace.check(path);
        const report = compareWithExpectations(source, expected, diagnostics);
        assert.ok(report === "", `${name}:\n${report}`);
      });
    }
  });

  it("has an invalid fixture expecting each code the checker reports", () => {
    const expected = new Set(
      momoflowFiles(join(FIXTURES, "invalid")).flatMap((path) =>
        parseExpectations(readFileSync(path, "utf8")).map((e) => e.code),
      ),
    );
    const reported = codesIn(resolve(__dirname, "../../src/language"));
    assert.ok(reported.size >= 20, `only ${reported.size} codes found in the checker`);
    const missing = [...reported].filter((code) => !expected.has(code)).sort();
    assert.deepEqual(missing, [], "codes without a fixture in test-fixtures/invalid");
  });

  describe("valid: no diagnostics at all", () => {
    for (const path of momoflowFiles(join(FIXTURES, "valid"))) {
      const name = relative(FIXTURES, path);
      it(name, () => {
        const { diagnostics } = workspace.check(path);
        const shown = diagnostics.map(
          (d) => `  ${d.code} ${d.severity} ${showRange(d.range)} ${d.message}`,
        );
        assert.deepEqual(shown, [], `${name}:\n${shown.join("\n")}`);
      });
    }
  });
});
