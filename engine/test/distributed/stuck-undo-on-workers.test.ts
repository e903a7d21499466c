import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { JournalEvent } from "../../src/record/journal-event";
import { runCli, startCli, waitFor, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestResult, latestRunDir } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";
import type { WorkerProcess } from "../support/worker-process";

/**
 * `spin` notes that it started in ops.log (in the worker's folder), then
 * keeps its thread busy for ever: no signal, no timer, no message reaches it.
 */
const MODULE = `import { appendFileSync } from "node:fs";
import { join } from "node:path";
const note = (context, line) => appendFileSync(join(context.workingDirectory, "ops.log"), line + "\\n");
export function make(args, context) { note(context, "make-" + args.name); }
export function unmake(args, context) { note(context, "undo-" + args.name); }
export function spin(args, context) { note(context, "spin-" + args.name); for (;;); }
export function quit(args, context) { note(context, "quit-" + args.name); process.exit(3); }
`;

const step = (name: string, extra = ""): string =>
  `step ${name} { ${extra} run: js("./spin.mjs", "make", name: "${name}") rollback: js("./spin.mjs", "unmake", name: "${name}") }`;

const FLOWS = `
workflow stuck_undo {
  ${step("first", "rollback_timeout: 30s")}
  step second {
    needs: first
    run: js("./spin.mjs", "make", name: "second")
    rollback: js("./spin.mjs", "spin", name: "second")
    rollback_timeout: 2s
  }
  step boom { needs: second run: "exit 3" rollback: none }
}

workflow next_run {
  ${step("next", "rollback_timeout: 30s")}
  step boom { needs: next run: "exit 3" rollback: none }
}

workflow quits {
  step gone { run: js("./spin.mjs", "quit", name: "gone") rollback: none }
}

workflow stuck_step {
  step busy {
    run: js("./spin.mjs", "spin", name: "busy")
    rollback: js("./spin.mjs", "unmake", name: "busy")
    rollback_timeout: 30s
    timeout: 1s
  }
}

workflow stopped_step {
  step busy {
    run: js("./spin.mjs", "spin", name: "busy")
    rollback: js("./spin.mjs", "unmake", name: "busy")
    rollback_timeout: 30s
  }
}
`;

/** The events of a worker's journal (each of its writers' segments) naming `stepId` of any run. */
function workerEvents(worker: WorkerProcess, stepId: string): JournalEvent[] {
  const dir = join(worker.workdir, ".momoflow", "workers", worker.name);
  const events: JournalEvent[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort())
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      if (!line.includes(`--${stepId}--`)) continue;
      try {
        events.push(JSON.parse(line) as JournalEvent);
      } catch {
        // A torn line: not one of those looked for.
      }
    }
  return events;
}

/**
 * A `js()` function that never yields its step thread on a worker (an
 * endless CPU loop): a thread's own code cannot hear that it is stopped, so
 * the worker ends the thread itself — its undo queue, and the slot, must not
 * stay held by work the scheduler gave up. One worker, one step at a time.
 */
describe("a js() step or undo stuck in a CPU loop on a worker (real redis-server, workers)", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-stuck-undo-", FLOWS);

  async function worker(): Promise<WorkerProcess> {
    writeFileSync(join(cluster.scheduler, "spin.mjs"), MODULE);
    return cluster.worker(`ws-${cluster.tag}`, join(cluster.tmp(), "ws"));
  }

  const ops = (worker: WorkerProcess): string[] => {
    const file = join(worker.workdir, "ops.log");
    return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : [];
  };

  function run(workflow: string): Promise<CliOutcome> {
    return runCli(
      ["run", "flow.momoflow", "--workflow", workflow, "--on", cluster.redis.url],
      cluster.scheduler,
    );
  }

  const recorded = (id: string): { status: string; error?: string } =>
    latestResult(cluster.scheduler).steps.find((s) => s.id === id)!;

  it("an undo given up at its deadline is ended there: the worker takes the next undo, of this run and of the next", async () => {
    const w = await worker();
    const out = await run("stuck_undo");
    assert.equal(out.code, 1, said(out));
    const second = recorded("second");
    assert.equal(second.status, "rollback_failed", said(out));
    assert.match(second.error ?? "", /given up after 2s \(its rollback_timeout\)/);
    assert.equal(recorded("first").status, "rolled_back", said(out) + w.output());
    assert.deepEqual(ops(w), ["make-first", "make-second", "spin-second", "undo-first"]);
    // The worker's journal: the undo given up and ended, never undone.
    const undone = workerEvents(w, "second").filter((e) => e.type === "step_rolled_back");
    assert.equal(undone.length, 1, JSON.stringify(undone));
    const [event] = undone as [Extract<JournalEvent, { type: "step_rolled_back" }>];
    assert.equal(event.status, "rollback_failed");
    assert.equal(event.givenUp, true);
    assert.match(event.error ?? "", /given up by the scheduler.*its step thread was ended/);
    assert.match(w.output(), /undo of second .*did not stop .* its step thread was ended/);

    const next = await run("next_run");
    assert.equal(next.code, 1, said(next));
    assert.equal(recorded("next").status, "rolled_back", said(next) + w.output());
    assert.deepEqual(ops(w).slice(4), ["make-next", "undo-next"]);
  });

  it("an undo whose scheduler was killed is ended at its own deadline: the worker takes the next run's undo", async () => {
    const w = await worker();
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "stuck_undo", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    try {
      await waitFor(() => ops(w).includes("spin-second"), "the undo to spin", 30_000);
    } finally {
      child.kill("SIGKILL");
      await done;
    }
    const next = await run("next_run");
    assert.equal(next.code, 1, said(next));
    assert.equal(recorded("next").status, "rolled_back", said(next) + w.output());
    assert.deepEqual(ops(w).slice(3), ["make-next", "undo-next"]);
    assert.match(
      w.output(),
      /the undo of .*--second--1 past its rollback_timeout \(2s\); it did not stop within 3s, so its step thread was ended/,
    );
    const [ended] = workerEvents(w, "second").filter((e) => e.type === "step_rolled_back");
    assert.equal(ended?.type === "step_rolled_back" && ended.status, "rollback_failed");
  });

  it("an undo ended so is not taken for done: momoflow rollback runs it again", async () => {
    const w = await worker();
    const out = await run("stuck_undo");
    assert.equal(out.code, 1, said(out));
    const runDir = latestRunDir(cluster.scheduler)!;
    // The undo mended: it no longer spins (the worker loads the edited module).
    const mended = MODULE.replace("for (;;);", "");
    writeFileSync(join(cluster.scheduler, "spin.mjs"), mended);
    const again = await runCli(["rollback", runDir], cluster.scheduler);
    assert.equal(again.code, 0, said(again) + w.output());
    assert.equal(recorded("second").status, "rolled_back", said(again));
    assert.deepEqual(ops(w), [
      "make-first",
      "make-second",
      "spin-second",
      "undo-first",
      "spin-second",
    ]);
  });

  it("a step whose thread exits (process.exit in a js() function) fails saying so; the next step gets a new thread", async () => {
    const w = await worker();
    const out = await run("quits");
    assert.equal(out.code, 1, said(out));
    assert.match(recorded("gone").error ?? "", /its step thread exited with code 3/);
    const next = await run("next_run");
    assert.equal(next.code, 1, said(next));
    assert.equal(recorded("next").status, "rolled_back", said(next) + w.output());
    assert.deepEqual(ops(w), ["quit-gone", "make-next", "undo-next"]);
  });

  it("a step stuck past its timeout is ended there, and undone", async () => {
    const w = await worker();
    const out = await run("stuck_step");
    assert.equal(out.code, 1, said(out));
    const busy = recorded("busy");
    assert.equal(busy.status, "rolled_back", said(out) + w.output());
    assert.match(
      busy.error ?? "",
      /^timed out after 1s; on its worker it did not stop within 3s, so its step thread was ended$/,
      said(out),
    );
    assert.deepEqual(ops(w), ["spin-busy", "undo-busy"]);
    assert.match(w.output(), /busy .*did not stop .* its step thread was ended/);
  });

  it("a step stuck when Ctrl+C comes is ended there, and undone", async () => {
    const w = await worker();
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "stopped_step", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    try {
      await waitFor(() => ops(w).includes("spin-busy"), "the step to spin", 30_000);
      child.kill("SIGINT");
      const out = await done;
      assert.equal(out.code, 130, said(out));
      const busy = recorded("busy");
      assert.equal(busy.status, "rolled_back", said(out) + w.output());
      assert.equal(
        busy.error,
        "cancelled: cancelled by the scheduler; it did not stop within 3s, so its step thread was ended",
      );
      assert.deepEqual(ops(w), ["spin-busy", "undo-busy"]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });
});
