import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { FIXTURE_READING_WORKFLOW } from "../support/fixture-reading-workflow";
import { useTempDir } from "../support/temp-dir";

/**
 * A test's `files:` that holds a named pipe (or a socket, a device) cannot
 * be copied: the test failed with Node's `Cannot copy a FIFO pipe: cp
 * returned EINVAL (…)`, naming the copy's path in the temporary folder. It
 * names the entry of the fixture instead, and what it is, before anything
 * is copied.
 */
describe("a test fixture holding a named pipe (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-fixture-special-");

  const WORKFLOW = `${FIXTURE_READING_WORKFLOW}
test "reads a pipe" {
  workflow: read
  files: "fx/sub/pipe"
}
`;

  function fixture(withPipe = true): string {
    const fx = join(tmp(), "fx");
    mkdirSync(join(fx, "sub"), { recursive: true });
    writeFileSync(join(fx, "in.txt"), "data");
    writeFileSync(join(tmp(), "read.momoflow"), WORKFLOW);
    if (withPipe) execFileSync("mkfifo", [join(fx, "sub", "pipe")]);
    return fx;
  }

  it("names the pipe inside the fixture, at files:, for a folder and for the pipe itself", async () => {
    fixture();
    const out = await runCli(["test", "read.momoflow"], tmp());
    assert.equal(out.code, 1, said(out));
    assert.match(
      out.stdout,
      /✗ reads its fixture .*\n {6}files: "fx": fx\/sub\/pipe is a named pipe \(FIFO\): a fixture holds files and folders only\n {6}at read\.momoflow:10:10\n/,
    );
    assert.match(
      out.stdout,
      /✗ reads a pipe .*\n {6}files: "fx\/sub\/pipe" is a named pipe \(FIFO\): a fixture holds files and folders only\n {6}at read\.momoflow:16:10\n/,
    );
    assert.doesNotMatch(out.stdout, /EINVAL|Cannot copy/);
  });

  it("names a link in the fixture that points to a pipe", async () => {
    const fx = fixture(false);
    execFileSync("mkfifo", [join(tmp(), "outside")]);
    symlinkSync(join(tmp(), "outside"), join(fx, "link"));
    const out = await runCli(["test", "read.momoflow", "--test", "reads its fixture"], tmp());
    assert.equal(out.code, 1, said(out));
    assert.match(
      out.stdout,
      /files: "fx": its symbolic link fx\/link points to .*outside, a named pipe \(FIFO\): a fixture holds files and folders only/,
    );
  });
});
