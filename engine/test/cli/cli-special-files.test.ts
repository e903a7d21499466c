import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { lstatSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCliWithin as runWithin, type CliOutcome } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * File built-ins given a named pipe or a device. Before, each hung or did
 * harm: a pipe was read for its backup or fingerprint (a read that waits for
 * a writer, in one synchronous call, deaf to Ctrl+C and SIGTERM), and a
 * device was backed up as an empty file and replaced by a regular file
 * (`create_file(path: "/dev/null")` as root takes /dev/null from the system).
 * Now the step fails at once, saying what the path is and what to do.
 */

describe("momoflow run: file built-ins given a named pipe or a device", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-cli-special-files-");

  async function runStep(call: string): Promise<CliOutcome> {
    writeFileSync(join(tmp(), "src.txt"), "src");
    writeFileSync(join(tmp(), "w.momoflow"), `workflow w {\n  step a { run: ${call} }\n}\n`);
    const out = await runWithin(["run", "w.momoflow"], tmp(), 20_000);
    assert.equal(out.signal, null, `the run hung and was killed:\n${out.stdout}${out.stderr}`);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    return out;
  }

  const pipeCases: [string, string, RegExp][] = [
    [
      "create_file onto a pipe",
      'create_file(path: "pipe", content: "x")',
      /create_file: cannot write ".*\/pipe": it is a named pipe \(FIFO\), and create_file writes regular files, which it can undo \(write to it from a shell step\)/,
    ],
    [
      "write_json onto a pipe",
      'write_json(path: "pipe", value: 1)',
      /write_json: cannot write ".*\/pipe": it is a named pipe \(FIFO\)/,
    ],
    [
      "copy_file from a pipe",
      'copy_file(source: "pipe", destination: "out.txt")',
      /copy_file: source ".*\/pipe" is a named pipe \(FIFO\), not a regular file \(read from it in a shell step\)/,
    ],
  ];
  for (const [what, call, message] of pipeCases)
    it(`${what}: the step fails at once, saying what the path is; the pipe stays`, async () => {
      execFileSync("mkfifo", [join(tmp(), "pipe")]);
      const out = await runStep(call);
      assert.match(out.stdout, message);
      assert.ok(lstatSync(join(tmp(), "pipe")).isFIFO());
    });

  // A device node of one's own (a copy of /dev/null's) needs root to make: never the system's /dev/null.
  const root = process.getuid?.() === 0;
  (root ? it : it.skip)(
    "create_file and copy_file onto a character device fail, and the device stays a device (needs root for mknod)",
    async () => {
      execFileSync("mknod", [join(tmp(), "null"), "c", "1", "3"]);
      for (const call of [
        'create_file(path: "null", content: "x")',
        'copy_file(source: "src.txt", destination: "null")',
      ]) {
        const out = await runStep(call);
        assert.match(
          out.stdout,
          /(create_file|copy_file): cannot write ".*\/null": it is a character device/,
        );
        assert.ok(lstatSync(join(tmp(), "null")).isCharacterDevice(), call);
      }
    },
  );
});
