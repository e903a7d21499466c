import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";

/**
 * `a`'s undo says which run's attempt it undoes, and works only once that
 * run's `allow-<tag>` file is there (a service that must be up, say).
 */
const WORKFLOW = `workflow partly {
  param tag: string = "one"
  step a {
    run: "echo do-\${tag} >> ops.log"
    rollback: "test -f allow-\${tag}; echo undo-\${tag} >> ops.log"
  }
  step b {
    needs: a
    run: "echo do-b >> ops.log"
    rollback: "echo undo-b >> ops.log"
  }
}
`;

/**
 * A step of a resumed run undoes, as one undo, its own attempt and then the
 * attempts it took over from the run it resumed. When its own attempt's undo
 * succeeds and an earlier attempt's fails, the step ends `rollback_failed`
 * and a later `momoflow rollback` tries it again: that one must undo only
 * what is left — never this run's attempt a second time (a shell undo that
 * ran twice, `echo undo >> ops.log`, did its work twice) — and say which
 * run's attempt could not be undone.
 */
describe("momoflow rollback of a step whose earlier attempt could not be undone: what was undone is not undone again", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-partly-undone-");
  const file = (): string => join(tmp(), "flow.momoflow");
  const ops = (): string[] =>
    existsSync(join(tmp(), "ops.log"))
      ? readFileSync(join(tmp(), "ops.log"), "utf8").trim().split("\n")
      : [];
  const cli = (...args: string[]): Promise<CliOutcome> => runCli(args, tmp());

  async function expectCode(code: number, ...args: string[]): Promise<CliOutcome> {
    const out = await cli(...args);
    assert.equal(out.code, code, said(out));
    return out;
  }

  /**
   * Run one (tag one) is killed right after `a`'s intent; run two resumes it
   * with tag two, so `a` runs again and takes over run one's half-done attempt.
   * @returns the id of run one.
   */
  async function resumedOverKilledAttempt(): Promise<string> {
    writeFileSync(file(), WORKFLOW);
    const killed = startCli(["run", file()], tmp(), {
      MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: '"step":"a","attempt":1',
    });
    const first = await killed.done;
    assert.equal(first.signal, "SIGKILL", said(first));
    const runOne = readFileSync(join(tmp(), ".momoflow", "runs", "latest"), "utf8").trim();
    await expectCode(0, "run", file(), "--resume", "--param", "tag=two");
    return runOne;
  }

  it("a second rollback undoes only the earlier attempt left, once it can", async () => {
    const runOne = await resumedOverKilledAttempt();
    writeFileSync(join(tmp(), "allow-two"), "");
    const first = await expectCode(1, "rollback", file());
    assert.match(
      said(first),
      new RegExp(`what run ${runOne} did in it`),
      "the error names the run whose attempt could not be undone",
    );
    assert.deepEqual(
      ops().filter((l) => l.startsWith("undo-")),
      ["undo-b", "undo-two"],
    );

    writeFileSync(join(tmp(), "allow-one"), "");
    const second = await expectCode(0, "rollback", file());
    assert.deepEqual(
      ops().filter((l) => l.startsWith("undo-")),
      ["undo-b", "undo-two", "undo-one"],
      `this run's attempt of a was undone once, run one's then:\n${said(second)}`,
    );
    await expectCode(0, "rollback", file());
    assert.equal(ops().filter((l) => l.startsWith("undo-")).length, 3, "nothing undone twice");
  });
});
