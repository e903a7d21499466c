import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readResultFile, runRecordPaths } from "@momoflow/record";
import { stepLogFile } from "../src/metrics/step-log-file";
import { MAX_MEMBER_LOG_LINKS, stepLogLinks } from "../src/metrics/step-log-links";
import { cli } from "./helpers/metrics-workspace";

/** The `(runDir, stepId)` arguments of each command link of a hover's Markdown, by its title. */
function links(markdown: string): { title: string; args: [string, string] }[] {
  return [
    ...markdown.matchAll(/\[([^\]]*(?:\\\][^\]]*)*)\]\(command:momoflow\.openStepLog\?([^ )]+)/g),
  ].map((m) => ({
    title: m[1]!.replace(/\\(.)/g, "$1"),
    args: JSON.parse(decodeURIComponent(m[2]!)) as [string, string],
  }));
}

describe("the Open log links of a step's inline figures", function () {
  this.timeout(30_000);
  let root = "";
  let runDir = "";
  before(() => {
    root = mkdtempSync(join(tmpdir(), "momoflow-log-links-"));
    writeFileSync(
      join(root, "wf.momoflow"),
      [
        "workflow w {",
        '  step talk { run: "echo said-it" }',
        "  step each {",
        "    needs: talk",
        '    for_each: region in ["eu", "us", "asia"]',
        '    run: "echo ${region}"',
        "  }",
        "  step mute {",
        "    needs: each",
        '    for_each: region in ["eu", "us"]',
        '    run: "true"',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    assert.equal(cli(["run", "wf.momoflow"], root), 0);
    const runs = join(root, ".momoflow", "runs");
    runDir = join(runs, readFileSync(join(runs, "latest"), "utf8").trim());
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const steps = () => readResultFile(runRecordPaths(runDir).result)!.steps;

  it("links a step's own log", () => {
    assert.deepEqual(links(stepLogLinks(steps(), "talk", runDir)), [
      { title: "Open log", args: [runDir, "talk"] },
    ]);
  });

  it("links each fan-out instance's log, by its id, and each opens what that instance printed", () => {
    const found = links(stepLogLinks(steps(), "each", runDir));
    assert.deepEqual(
      found.map((l) => l.title),
      ["each[0]", "each[1]", "each[2]"],
    );
    assert.deepEqual(
      found.map((l) => readFileSync(stepLogFile(...l.args)!, "utf8")),
      ["eu\n", "us\n", "asia\n"],
    );
  });

  it("offers nothing when no instance printed", () => {
    assert.equal(stepLogLinks(steps(), "mute", runDir), "");
  });

  it("lists at most a few members' logs, and says how many more there are", () => {
    const many = Array.from({ length: MAX_MEMBER_LOG_LINKS + 5 }, (_, i) => ({
      ...steps().find((s) => s.id === "each[0]")!,
      id: `each[${i}]`,
    }));
    const markdown = stepLogLinks(many, "each", runDir);
    assert.equal(links(markdown).length, MAX_MEMBER_LOG_LINKS);
    assert.match(markdown, / and 5 more \(in the metrics panel\)$/);
  });
});
