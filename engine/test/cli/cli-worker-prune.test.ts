import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * `momoflow worker --prune` of a name or folder with no journal (a typo):
 * before, it made an empty journal folder there and said "removed 0 journal
 * segment(s)", exit 0, as if that worker's journal had been pruned.
 */
describe("momoflow worker --prune: a worker with no journal there", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-cli-prune-");

  it("a --workdir with no journal of that worker: exit 2, naming where it looked and the workers there; nothing made", async () => {
    mkdirSync(join(tmp(), ".momoflow", "workers", "build-1"), { recursive: true });
    const out = await runCli(["worker", "--prune", "--name", "build1"], tmp());
    assert.equal(out.code, 2, out.stdout + out.stderr);
    assert.match(
      out.stderr,
      /worker build1 has no journal in .*\/\.momoflow\/workers\/build1: nothing to prune \(the workers with a journal there: build-1\)/,
    );
    assert.equal(existsSync(join(tmp(), ".momoflow", "workers", "build1")), false);
  });

  it("a --workdir that is not there: exit 2, and no folder is made", async () => {
    const out = await runCli(["worker", "--prune", "--name", "w", "--workdir", "elsewhere"], tmp());
    assert.equal(out.code, 2, out.stdout + out.stderr);
    assert.match(
      out.stderr,
      /--workdir elsewhere: there is no folder .*elsewhere \(so no worker journal to prune\)/,
    );
    assert.equal(existsSync(join(tmp(), "elsewhere")), false);
  });
});
