import "../language/esm-only-dependencies";
import assert from "node:assert/strict";
import { knownReferencesFile, unknownReferencesFile } from "../../src/bench/unknown-references";
import { LanguageWorkspace } from "../../src/language/workspace";

const PATH = "/bench/references.momoflow";

function check(text: string) {
  const host = { readFile: (p: string) => (p === PATH ? text : undefined) };
  return new LanguageWorkspace({ host }).check(PATH).diagnostics;
}

describe("the files of the unknown-references benchmark", () => {
  it("gives one MF002 per step in the measured file", () => {
    const codes = check(unknownReferencesFile(50)).map((d) => d.code);
    assert.equal(codes.filter((c) => c === "MF002").length, 50);
  });

  it("has a floor as long, with every id known and no error", () => {
    const unknown = unknownReferencesFile(50);
    const known = knownReferencesFile(50);
    assert.equal(known.split("\n").length, unknown.split("\n").length);
    assert.equal(known.length, unknown.length, "the same ids, spelled right");
    const diagnostics = check(known);
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === "error"),
      [],
    );
    assert.equal(
      diagnostics.filter((d) => d.code === "MF010").length,
      25,
      "every other step reads without needing",
    );
  });
});
