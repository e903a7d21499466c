import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DistributedFigures } from "../../src/distributed/distributed-bench";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

describe("momoflow bench --distributed: steps on workers against a bare BullMQ round trip", function () {
  this.timeout(180_000);
  const tmp = useTempDir("momoflow-bench-dist-");

  it("measures in one run, with its own redis-server and workers, and judges the goal by the ratio it prints", async () => {
    const out = await runCli(["bench", "--distributed", "--quick", "--json"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const figures = JSON.parse(out.stdout) as DistributedFigures;
    for (const figure of [
      figures.bareRoundTripUs,
      figures.bareRoundTripMeanUs,
      figures.chainStepUs,
      figures.chainStepMeanUs,
      figures.localChainStepUs,
      figures.wide.local,
    ])
      assert.ok(Number.isFinite(figure) && figure > 0, JSON.stringify(figures));
    assert.deepEqual(
      figures.wide.byWorkers.map((w) => w.workers),
      [1, 2, 4],
    );
    assert.ok(figures.wide.byWorkers.every((w) => w.stepsPerSecond > 0));
    assert.equal(figures.ratioToBareRoundTrip, figures.chainStepUs / figures.bareRoundTripUs);
    assert.equal(
      figures.meanRatioToBareRoundTrip,
      figures.chainStepMeanUs / figures.bareRoundTripMeanUs,
    );
    assert.equal(figures.goalMet, figures.ratioToBareRoundTrip <= 2);
    const saved = JSON.parse(
      readFileSync(join(tmp(), ".momoflow", "bench", "distributed-latest.json"), "utf8"),
    ) as DistributedFigures;
    assert.equal(saved.chainStepUs, figures.chainStepUs);
    // Nothing is left running: its workers and redis-server were ended by pid.
    assert.doesNotMatch(out.stderr, /MaxListenersExceeded/);
  });

  it("refuses --on without --distributed (exit 2)", async () => {
    const out = await runCli(["bench", "--on", "redis://127.0.0.1:1"], tmp());
    assert.equal(out.code, 2);
    assert.match(out.stderr, /--on is for --distributed/);
  });
});
