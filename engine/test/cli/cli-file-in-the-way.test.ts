import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A file built-in whose path runs through a file (`k.txt/inner`): before,
 * the step failed with Node's `ENOTDIR: not a directory, lstat '…'`, naming
 * neither the command nor which part of the path is the file.
 */
describe("momoflow run: a file built-in whose path runs through a file", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-cli-file-in-way-");

  const cases: [string, string][] = [
    ["create_file", 'create_file(path: "k.txt/inner", content: "x")'],
    ["write_json", 'write_json(path: "k.txt/inner", value: 1)'],
    ["copy_file", 'copy_file(source: "src.txt", destination: "k.txt/inner/copy.txt")'],
    ["create_directory", 'create_directory(path: "k.txt/inner")'],
  ];
  for (const [command, call] of cases)
    it(`${command}: the error names the command, the path and the file in its way; the file is untouched`, async () => {
      writeFileSync(join(tmp(), "k.txt"), "kept");
      writeFileSync(join(tmp(), "src.txt"), "src");
      writeFileSync(join(tmp(), "w.momoflow"), `workflow w {\n  step a { run: ${call} }\n}\n`);
      const out = await runCli(["run", "w.momoflow"], tmp());
      assert.equal(out.code, 1, out.stdout + out.stderr);
      assert.match(
        out.stdout,
        new RegExp(
          `${command}: cannot write ".*/k\\.txt/inner[^"]*": ".*/k\\.txt" is a file, not a folder`,
        ),
      );
      assert.doesNotMatch(out.stdout, /ENOTDIR/);
      assert.equal(readFileSync(join(tmp(), "k.txt"), "utf8"), "kept");
    });
});
