import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";
import { fencedBlocks } from "./markdown-document";

/** A diagnostic as `momoflow check --format json` prints it. */
interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number } };
}

/**
 * The README's `momoflow` examples are the first workflows a user copies
 * (docs/language.md's are checked by language-doc.test.ts): each must check
 * clean with the real CLI, and its `test` blocks must pass.
 */
describe("README: the language's examples", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-readme-language-");
  const readme = readFileSync(resolve(__dirname, "../../../README.md"), "utf8");
  const examples = fencedBlocks(readme).filter((block) => block.language === "momoflow");

  it("has an example of the language", () => {
    assert.ok(examples.length >= 1, "the README shows no momoflow block");
  });

  for (const example of examples) {
    it(`the example at line ${example.line} checks clean and its tests pass`, async () => {
      const file = join(tmp(), `readme-line-${example.line}.momoflow`);
      writeFileSync(file, example.text);
      const check = await runCli(["check", "--format", "json", file], tmp());
      const problems = (JSON.parse(check.stdout) as JsonDiagnostic[])
        .filter((d) => d.severity !== "hint")
        .map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`);
      assert.deepEqual(problems, [], `README.md line ${example.line}`);
      if (!/^test "/m.test(example.text)) return;
      const test = await runCli(["test", file], tmp());
      assert.equal(test.code, 0, `README.md line ${example.line}:\n${test.stdout}${test.stderr}`);
    });
  }
});
