import assert from "node:assert/strict";
import { mkdirSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { stepLogPath } from "../../src/record/run-paths";
import { useTempDir } from "../support/temp-dir";

describe("stepLogPath", () => {
  const tmp = useTempDir("momoflow-log-path-");

  it("keeps ordinary step ids as they are", () => {
    assert.equal(stepLogPath("build_site"), "logs/build_site.log");
    assert.equal(stepLogPath("v1.2-release"), "logs/v1.2-release.log");
  });

  it("encodes what is not safe in a file name, per UTF-8 byte", () => {
    assert.equal(stepLogPath("a/b"), "logs/a%2Fb.log");
    assert.equal(stepLogPath(".."), "logs/%2E..log");
    assert.equal(stepLogPath("a b:c"), "logs/a%20b%3Ac.log");
    assert.equal(stepLogPath("50%"), "logs/50%25.log");
    assert.equal(stepLogPath("é"), "logs/%C3%A9.log");
    assert.equal(stepLogPath(""), "logs/%.log");
  });

  it("gives distinct ids distinct names that every one can be created, long ones included", () => {
    const ids = [
      "a/b",
      "a%2Fb",
      "a_b",
      "..",
      ".",
      "",
      "x\ny",
      "CON",
      "tab\there",
      "é",
      "e\u0301",
      "x".repeat(300),
      "x".repeat(300) + "y",
      "/".repeat(200),
    ];
    const names = ids.map((id) => stepLogPath(id));
    assert.equal(new Set(names).size, ids.length);
    mkdirSync(join(tmp(), "logs"));
    for (const name of names) {
      assert.ok(Buffer.byteLength(name) < 200, name);
      writeFileSync(join(tmp(), name), "x");
    }
    assert.equal(readdirSync(join(tmp(), "logs")).length, ids.length);
  });
});
