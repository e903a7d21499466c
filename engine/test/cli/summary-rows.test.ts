import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { listedRows, SUMMARY_ROWS, unlistedLine, type RowFacts } from "../../src/cli/summary-rows";
import { startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";

const success = (durationMs: number): RowFacts => ({ status: "success", noted: false, durationMs });

describe("which steps a run's summary lists", () => {
  it("lists every step of a run of up to 40", () => {
    const rows = Array.from({ length: SUMMARY_ROWS }, (_, i) => success(i));
    assert.equal(listedRows(rows).size, SUMMARY_ROWS);
    assert.equal(unlistedLine(rows, listedRows(rows), "/r"), undefined);
  });

  it("lists, of a larger run, what needs attention, then what did not simply succeed, then the slowest successes", () => {
    const rows: RowFacts[] = Array.from({ length: 100 }, (_, i) => success(i % 50));
    rows[90] = { status: "failed", noted: false, durationMs: 0 };
    rows[3] = { status: "rolled_back", noted: false, durationMs: 0 };
    rows[5] = { status: "success", noted: true, durationMs: 0 };
    const listed = listedRows(rows);
    assert.equal(listed.size, SUMMARY_ROWS);
    for (const i of [90, 3, 5]) assert.ok(listed.has(i), `row ${i}`);
    const successes = [...listed].filter((i) => ![90, 3, 5].includes(i));
    assert.ok(
      successes.every((i) => rows[i]!.durationMs >= 31),
      "the 37 successes listed are the slowest",
    );
    assert.equal(
      unlistedLine(rows, listed, "/runs/r1"),
      "… 60 more steps not listed (of the successes, the slowest are listed): 60 success; /runs/r1/result.json lists every step",
    );
  });

  it("counts the steps left out by status when even the ones that need attention are too many", () => {
    const rows: RowFacts[] = Array.from({ length: 1200 }, () => ({
      status: "rolled_back",
      noted: false,
      durationMs: 1,
    }));
    const listed = listedRows(rows);
    assert.deepEqual([...listed].slice(0, 3), [0, 1, 2], "the first ones, in the run's order");
    assert.equal(
      unlistedLine(rows, listed, undefined),
      "… 1,160 more steps not listed: 1,160 rolled_back",
    );
  });
});

describe("the summary of a large run (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-summary-rows-");

  it("lists the failed step and 39 others, and counts the rest on one line", async () => {
    const steps = Array.from(
      { length: 50 },
      (_, i) => `  step s${i} {${i ? ` needs: s${i - 1}` : ""} run: log(message: "${i}") }`,
    );
    steps.push(`  step boom { needs: s49 run: "exit 3" rollback: none }`);
    writeFileSync(join(tmp(), "many.momoflow"), `workflow many {\n${steps.join("\n")}\n}\n`);
    const out = await startCli(["run", "many.momoflow"], tmp()).done;
    assert.equal(out.code, 1, said(out));
    const table = out.stdout.slice(out.stdout.search(/^ {2}step +status +tries/m));
    const rows = table.split("\n").filter((line) => /^ {2}(s\d+|boom) /.test(line));
    assert.equal(rows.length, SUMMARY_ROWS, table);
    assert.ok(
      rows.some((row) => /^ {2}boom +failed /.test(row)),
      table,
    );
    assert.match(
      table,
      /^ {2}… 11 more steps not listed \(of the successes, the slowest are listed\): 11 success; .*result\.json lists every step$/m,
    );
  });
});
