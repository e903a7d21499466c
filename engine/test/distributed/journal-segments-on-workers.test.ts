import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { listSegments, readIndex } from "../../src/distributed/journal-segments";
import { WORKER_RESERVE_BYTES, WORKER_RESERVE_FILE } from "../../src/distributed/worker-journal";
import type { RunResultFile } from "../../src/record/result-file";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { runDirOf } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";
import type { WorkerProcess } from "../support/worker-process";

const CHAIN = 40;

const FLOWS = `
workflow keep {
  step a { run: "echo a > a.txt" rollback: "rm -f a.txt" }
}

workflow busy {
${Array.from(
  { length: 12 },
  (_, i) => `  step n${i} { ${i > 0 ? `needs: [n${i - 1}] ` : ""}run: "echo ${i}" rollback: none }`,
).join("\n")}
}

workflow many {
${Array.from(
  { length: CHAIN },
  (_, i) =>
    `  step f${i} { ${i > 0 ? `needs: [f${i - 1}] ` : ""}run: "echo ${i} > f${i}.txt" rollback: "rm -f f${i}.txt" }`,
).join("\n")}
}
`;

function resultOf(runDir: string): RunResultFile {
  return JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as RunResultFile;
}

/** The runs each segment of a worker's journal holds, by file. */
function segmentRuns(worker: WorkerProcess): Map<string, string[]> {
  const dir = join(worker.workdir, ".momoflow", "workers", worker.name);
  return new Map(
    listSegments(dir).map((s) => [s.file, Object.keys(readIndex(dir, s.file)?.runs ?? {})]),
  );
}

/** The files the steps left in a worker's folder. */
function filesOf(worker: WorkerProcess): string[] {
  return readdirSync(worker.workdir)
    .filter((f) => !f.startsWith("."))
    .sort();
}

describe("momoflow worker: a journal in segments, pruned when asked", function () {
  this.timeout(180_000);
  const cluster = useWorkerCluster("momoflow-dist-segments-", FLOWS);
  const tmp = cluster.tmp;

  function worker(name: string, extra: string[] = []): Promise<WorkerProcess> {
    return cluster.worker(name, join(tmp(), "worker"), extra);
  }

  async function run(workflow: string): Promise<string> {
    const outcome = await runCli(
      ["run", "flow.momoflow", "--workflow", workflow, "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(outcome.code, 0, outcome.stdout + outcome.stderr);
    return runDirOf(cluster.scheduler);
  }

  it("rolls over past --segment-size; a step whose entries are in an older segment is undone from it", async () => {
    const w = await worker(`seg-${cluster.tag}`, ["--segment-size", "2KB"]);
    const kept = await run("keep");
    await run("busy");
    await run("busy");
    const runs = segmentRuns(w);
    assert.ok(runs.size >= 4, `${runs.size} segments: ${[...runs.keys()].join(", ")}`);
    const keptId = resultOf(kept).runId;
    const holding = [...runs].filter(([, ids]) => ids.includes(keptId)).map(([file]) => file);
    // Its step is in the oldest segment: not in the current one, nor any that comes after it.
    assert.deepEqual(holding, ["journal-main-1.jsonl"]);
    assert.deepEqual(filesOf(w), ["a.txt"]);
    // Room kept beside the segments for its undos' lines on a full disk (worker-journal-disk-full.test.ts).
    const reserve = join(w.workdir, ".momoflow", "workers", w.name, WORKER_RESERVE_FILE);
    assert.equal(statSync(reserve).size, WORKER_RESERVE_BYTES);

    const rollback = await runCli(["rollback", kept], cluster.scheduler);
    assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
    assert.match(rollback.stdout, /↶ a rolled_back/);
    assert.deepEqual(filesOf(w), []);
    assert.equal(resultOf(kept).status, "rolled_back");
  });

  it("momoflow worker --prune removes the runs with nothing left to undo and keeps what a later rollback needs; --retain prunes on start, and an undo of a run it removed fails saying so", async () => {
    const name = `prune-${cluster.tag}`;
    // Set by the environment here: a segment per attempt and per undo.
    process.env.MOMOFLOW_WORKER_SEGMENT_SIZE = "1B";
    let w: WorkerProcess;
    try {
      w = await worker(name);
    } finally {
      delete process.env.MOMOFLOW_WORKER_SEGMENT_SIZE;
    }
    const undone = await run("keep");
    assert.equal((await runCli(["rollback", undone], cluster.scheduler)).code, 0);
    const needed = await run("keep");
    const undoneId = resultOf(undone).runId;
    const neededId = resultOf(needed).runId;
    assert.ok([...segmentRuns(w).values()].flat().includes(undoneId));

    // Refused while the worker runs: its journal has one writer.
    const busy = await runCli(
      ["worker", "--prune", "--name", name, "--workdir", w.workdir],
      cluster.scheduler,
    );
    assert.notEqual(busy.code, 0);
    assert.match(busy.stderr, /already runs in this working directory/);

    await w.stop();
    const pruned = await runCli(
      ["worker", "--prune", "--name", name, "--workdir", w.workdir],
      cluster.scheduler,
    );
    assert.equal(pruned.code, 0, pruned.stdout + pruned.stderr);
    assert.match(
      pruned.stdout,
      /removed [1-9]\d* journal segment\(s\): 1 run\(s\) with nothing left to undo, 0 past --retain/,
    );
    const left = [...segmentRuns(w).values()].flat();
    assert.ok(!left.includes(undoneId), "the rolled back run is gone");
    assert.ok(left.includes(neededId), "the run a rollback still needs stays");

    // What a rollback needs was kept: the undo works.
    w = await worker(name);
    assert.equal((await runCli(["rollback", needed], cluster.scheduler)).code, 0);
    assert.deepEqual(filesOf(w), []);

    // A run older than --retain when the worker starts is removed; its undo then fails, naming why.
    const old = await run("keep");
    await w.stop();
    await new Promise((resolve) => setTimeout(resolve, 20));
    w = await worker(name, ["--retain", "10ms"]);
    assert.match(
      w.output(),
      /journal pruned: [1-9]\d* segment\(s\) of \d+ run\(s\) with nothing left to undo and 1 past --retain/,
    );
    const refused = await runCli(["rollback", old], cluster.scheduler);
    assert.notEqual(refused.code, 0, refused.stdout);
    assert.match(
      refused.stdout + refused.stderr,
      /were pruned \(older than its --retain\): undo step "a" by hand there/,
    );
    assert.deepEqual(filesOf(w), ["a.txt"], "left as it was: nothing was undone");
    assert.notEqual(resultOf(old).status, "rolled_back");
  });

  it("a worker killed (SIGKILL) at points of a run whose every step starts a new segment loses nothing: started again, it undoes every step it did", async () => {
    const name = `kill-${cluster.tag}`;
    const options = ["--segment-size", "1B", "--lock-duration", "2000"];
    for (const stopAt of [3, 11, 24]) {
      const w = await worker(name, options);
      const { done } = startCli(
        ["run", "flow.momoflow", "--workflow", "many", "--on", cluster.redis.url],
        cluster.scheduler,
      );
      await waitFor(
        () => existsSync(join(w.workdir, `f${stopAt}.txt`)),
        `step f${stopAt} to run`,
        60_000,
      );
      await w.kill();
      // Back under its name at once: every segment the kill left unsealed is sealed first.
      const back = await worker(name, options);
      const dir = join(back.workdir, ".momoflow", "workers", name);
      const sealed = listSegments(dir).filter((s) => readIndex(dir, s.file));
      assert.ok(sealed.length > stopAt, `${sealed.length} sealed segments after f${stopAt}`);
      // Killed mid-step, the run fails and is rolled back on the worker now back; killed
      // between two steps, it goes on there. Either way it is then undone from the journal.
      const ran = await done;
      const runDir = runDirOf(cluster.scheduler);
      if (resultOf(runDir).status !== "rolled_back") {
        const rollback = await runCli(["rollback", runDir], cluster.scheduler);
        assert.equal(
          rollback.code,
          0,
          `after a kill at f${stopAt}: ${ran.stdout}${rollback.stdout}${rollback.stderr}`,
        );
      }
      assert.deepEqual(filesOf(back), [], `after a kill at f${stopAt}: every step undone`);
      assert.equal(resultOf(runDir).status, "rolled_back", ran.stdout);
      await back.stop();
    }
  });
});
