import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { fillLeaving } from "../support/disk-filler";
import { isAlive } from "../support/process-liveness";
import { latestResult, latestRunDir } from "../support/run-record-files";
import { useSmallDisk } from "../support/tmpfs-mount";
import { useWorkerCluster } from "../support/worker-cluster";

/** Its effects go to `dir` (off the small disk): the disk that fills up is the worker's. */
const FLOWS = `
workflow made {
  param dir: string
  step make {
    run: "echo made >> \${dir}/ops.log"
    rollback: "echo undone >> \${dir}/ops.log"
  }
}
`;

/**
 * A worker whose disk (a real tmpfs holding its `--workdir`) fills up while
 * it is stopped or before it starts: it still stops cleanly, starts, and
 * undoes its steps from its reserve; what cannot be done is said, naming the
 * journal's folder, and the worker exits rather than hanging on to its name.
 */
describe("a worker whose disk is full when it stops or starts (real redis-server, workers, a tmpfs)", function () {
  this.timeout(180_000);
  const cluster = useWorkerCluster("momoflow-dist-full-disk-", FLOWS);
  const small = useSmallDisk("momoflow-dist-full-disk-small-", 2 * 1024 * 1024);
  const filler = (): string => join(small.disk, "filler");
  const workdir = (): string => join(small.disk, `w-${cluster.tag}`);
  const journalDir = (name: string): string => join(workdir(), ".momoflow", "workers", name);
  const ops = (): string[] => {
    const file = join(cluster.tmp(), "ops.log");
    return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : [];
  };

  afterEach(() => rmSync(filler(), { force: true }));

  /** Runs `made` on the workers: its step's effect, then its undo, go to the test's ops.log. */
  async function runMade(): Promise<void> {
    const out = await runCli(
      ["run", "flow.momoflow", "--on", cluster.redis.url, "--param", `dir=${cluster.tmp()}`],
      cluster.scheduler,
    );
    assert.equal(out.code, 0, said(out));
    assert.deepEqual(ops(), ["made"]);
  }

  it("stopped on a full disk, it exits 0 (its last segment left unsealed); started again there, it is ready and undoes its step", async () => {
    const name = `wfull-${cluster.tag}`;
    const w = await cluster.worker(name, workdir());
    await runMade();
    fillLeaving(filler(), 0);
    const end = await w.stop();
    assert.equal(end.code, 0, said(end) + w.output());
    assert.doesNotMatch(w.output(), /ENOSPC/);
    // Nothing half-written is left, and the folder is free for the next worker of that name.
    assert.deepEqual(
      readdirSync(journalDir(name)).filter((f) => f.endsWith(".tmp") || f === "worker.lock"),
      [],
    );

    const back = await cluster.worker(name, workdir());
    const again = await runCli(["rollback", latestRunDir(cluster.scheduler)!], cluster.scheduler);
    assert.equal(again.code, 0, said(again) + back.output());
    assert.equal(latestResult(cluster.scheduler).status, "rolled_back", said(again));
    assert.deepEqual(ops(), ["made", "undone"]);
  });

  it("a worker that cannot open its journal (its prune on a full disk) says so, naming the folder, and exits: its name is free at once", async () => {
    const name = `wprune-${cluster.tag}`;
    const w = await cluster.worker(name, workdir());
    await runMade();
    const undone = await runCli(["rollback", latestRunDir(cluster.scheduler)!], cluster.scheduler);
    assert.equal(undone.code, 0, said(undone));
    assert.equal((await w.stop()).code, 0, w.output());
    fillLeaving(filler(), 0);

    // Its prune of the run rolled back must write its intent first: the disk has no room for it.
    const { child, done } = startCli(
      [
        "worker",
        "--on",
        cluster.redis.url,
        "--name",
        name,
        "--workdir",
        workdir(),
        "--retain",
        "720h",
      ],
      workdir(),
    );
    try {
      let ended = false;
      void done.then(() => (ended = true));
      await waitFor(() => ended, "the worker that cannot start to exit", 30_000);
      const end = await done;
      assert.notEqual(end.code, 0, said(end));
      assert.match(
        end.stdout + end.stderr,
        new RegExp(`worker ${name} cannot open its journal in ${journalDir(name)}: ENOSPC`),
        said(end),
      );
    } finally {
      if (isAlive(child.pid!)) child.kill("SIGKILL");
      await done;
    }

    // Neither its name on Redis nor its folder is held: a worker of that name starts (once there is room).
    rmSync(filler(), { force: true });
    const back = await cluster.worker(name, workdir(), ["--retain", "720h"]);
    assert.match(back.output(), /journal pruned: 1 segment/);
  });
});
