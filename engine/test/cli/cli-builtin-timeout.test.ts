import assert from "node:assert/strict";
import { closeSync, existsSync, ftruncateSync, openSync, writeSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A built-in whose work outlasts its step's `timeout`: before, the step ended
 * `success` after 17 s with `timeout: 200ms` (copy_file copied with one
 * system call), though the reference says each attempt "is stopped after
 * this long and fails". It then failed as timed out once the copy returned;
 * now the copy is stopped between two chunks (cli-large-copy-stop.test.ts),
 * and whatever it had begun is undone.
 */
describe("momoflow run: a built-in that outlasts its step's timeout", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-cli-builtin-timeout-");

  it("fails as timed out, and leaves nothing it made", async () => {
    // 256 MB of data (not a sparse file, which a copy might skip): far more than 5 ms of copying.
    const fd = openSync(join(tmp(), "big.bin"), "w");
    const block = Buffer.alloc(1 << 20, 7);
    for (let i = 0; i < 256; i++) writeSync(fd, block);
    ftruncateSync(fd, 256 << 20);
    closeSync(fd);
    writeFileSync(
      join(tmp(), "w.momoflow"),
      `workflow w {
  step copy {
    run: copy_file(source: "big.bin", destination: "out/big.bin")
    timeout: 5ms
  }
}
`,
    );
    const out = await runCli(["run", "w.momoflow"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stdout, /✗ copy failed/);
    assert.match(out.stdout, /timed out after 5ms/);
    assert.doesNotMatch(out.stdout, /could not be stopped/);
    assert.equal(existsSync(join(tmp(), "out")), false);
  });
});
