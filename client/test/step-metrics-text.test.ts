import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  readResultFile,
  type ResultStep,
  listRuns,
  runRecordPaths,
  runsDirOf,
  type RunResultFile,
} from "@momoflow/record";
import {
  INLINE_TEXT_MAX,
  shortError,
  stepMetricsText,
  stepMemory,
} from "../src/metrics/step-metrics-text";
import { callUndos, rowUndo, stepUndo, stepUndoText } from "../src/metrics/step-undo";
import { MAX_LISTED_MEMBERS, stepGroupMetricsText } from "../src/metrics/step-group-metrics";
import { markdownText } from "../src/metrics/markdown-text";
import { cli, runReleaseNotes } from "./helpers/metrics-workspace";

const MB = 1024 * 1024;
const run = { runId: "20261125-173012-456-publish_site-3fa9c1", status: "rolled_back" as const };

function step(overrides: Partial<ResultStep> = {}): ResultStep {
  return {
    id: "build",
    needs: [],
    reversible: true,
    status: "success",
    attempts: 1,
    metrics: {
      startTime: 0,
      endTime: 1520,
      durationMs: 1520,
      cpuUserMs: 120,
      cpuSystemMs: 30,
      peakMemoryBytes: 34 * MB,
      memory: { kind: "heap_growth", bytes: 1.2 * MB },
    },
    ...overrides,
  };
}

describe("inline step metrics text", () => {
  it("shows status, time and the step's memory figure with its kind, as the CLI formats them", () => {
    assert.equal(stepMetricsText(step(), run).text, "✓ success · 1.52 s · +1.2 MB heap");
    assert.equal(stepMetricsText(step(), run).tone, "success");
    assert.equal(
      stepMetricsText(step({ metrics: { ...step().metrics, durationMs: 0.4 } }), run).text,
      "✓ success · 0.40 ms · +1.2 MB heap",
    );
    assert.equal(
      stepMetricsText(step({ metrics: { ...step().metrics, durationMs: 125_000 } }), run).text,
      "✓ success · 2m 05s · +1.2 MB heap",
    );
  });

  it("shows a shell step's peak as a peak, and counts retries", () => {
    const shell = step({
      attempts: 3,
      metrics: {
        ...step().metrics,
        child: { peakMemoryBytes: 3 * MB, cpuUserMs: 5 },
        memory: { kind: "child_peak", bytes: 3 * MB },
      },
    });
    assert.deepEqual(stepMemory(shell), { kind: "child_peak", bytes: 3 * MB });
    assert.equal(stepMetricsText(shell, run).text, "✓ success · 1.52 s · 3.0 MB peak · 3 attempts");
    assert.match(stepMetricsText(shell, run).hover, /memory: 3\.0 MB peak of its processes/);
    assert.match(stepMetricsText(shell, run).hover, /attempts: 3/);
    assert.match(stepMetricsText(step(), run).hover, /heap grew by 1\.2 MB/);
    // A step that ran on a worker (run --on) says which; one that ran here says nothing of workers.
    assert.match(
      stepMetricsText({ ...step(), worker: "gpu-2" }, run).hover,
      /ran on worker `gpu-2`/,
    );
    assert.doesNotMatch(stepMetricsText(step(), run).hover, /worker/);
  });

  it("shows no memory figure when none was measured, and never the engine's peak as a step's", () => {
    const { memory: _, ...old } = step().metrics;
    // A record from before per-step memory: its in-process figure was the engine's peak.
    const oldInProcess = step({ metrics: old });
    assert.equal(stepMemory(oldInProcess), undefined);
    assert.equal(stepMetricsText(oldInProcess, run).text, "✓ success · 1.52 s");
    assert.match(stepMetricsText(oldInProcess, run).hover, /memory: not measured/);
    assert.doesNotMatch(stepMetricsText(oldInProcess, run).hover, /34\.0 MB/);
    // …and its shell step's figure was the shell's own peak.
    const oldShell = step({ metrics: { ...old, child: { peakMemoryBytes: 3 * MB } } });
    assert.equal(stepMetricsText(oldShell, run).text, "✓ success · 1.52 s · 3.0 MB peak");
    // A shell step too short to be read.
    const brief = step({ metrics: { ...old, child: { cpuUserMs: 0, cpuSystemMs: 0 } } });
    assert.equal(stepMetricsText(brief, run).text, "✓ success · 1.52 s");
  });

  it("shows a failed step's error (first line, cut) and the whole error in the hover", () => {
    const error = `command exited with code 3\n${"stderr ".repeat(50)}`;
    const failed = step({ status: "failed", error });
    const shown = stepMetricsText(failed, run);
    assert.equal(shown.text, "✗ failed · 1.52 s · +1.2 MB heap · command exited with code 3");
    assert.equal(shown.tone, "failed");
    assert.ok(shown.hover.includes(error));
    assert.equal(shortError("\n\n  boom  \nmore"), "boom");
  });

  it("cuts a long error so that why it failed (its end) stays in view", () => {
    // As the engine words a failed shell action: the command (cut by the engine), then why.
    const error =
      'shell command "echo deploying; if [ \\"fail\\" = fail ]; then echo boom >&2; ex…" exited with code 3: boom';
    const shown = stepMetricsText(step({ status: "failed", error }), run).text;
    assert.ok(shown.endsWith('…" exited with code 3: boom'), shown);
    const cutToEighty = shortError(error, 80);
    assert.ok(cutToEighty.includes('shell command "echo deploying; if ['), cutToEighty);
    assert.ok(cutToEighty.endsWith('…" exited with code 3: boom'), cutToEighty);
    assert.ok(cutToEighty.length <= 80, cutToEighty);
    // No quoted part to shorten: the middle goes, the start and the end stay.
    const plain = `${"a".repeat(50)} then ${"b".repeat(50)} exited with code 3`;
    const cut = shortError(plain);
    assert.equal(cut.length, 80);
    assert.ok(
      cut.startsWith("aaaa") && cut.endsWith("exited with code 3") && cut.includes("…"),
      cut,
    );
  });

  it("keeps a failed step's figures on one line of at most INLINE_TEXT_MAX characters, the whole error in the hover", () => {
    // As the engine words a failed shell action whose stderr line is long: past the
    // minimap (or the screen's edge) the figures were cut off where nobody saw them.
    const why =
      "npm ERR! code ERESOLVE npm ERR! ERESOLVE unable to resolve dependency tree while resolving: my-app@1.0.0 found: react@18.2.0";
    const error = `shell command "npm ci --prefer-offline --no-audit --progress=false" exited with code 1: ${why}\nnpm ERR! see the log`;
    const shell = step({ status: "failed", error, attempts: 3 });
    for (const stale of [false, true]) {
      const shown = stepMetricsText(shell, run, stale);
      assert.ok(shown.text.length <= INLINE_TEXT_MAX, `${shown.text.length}: ${shown.text}`);
      assert.ok(
        shown.text.startsWith("✗ failed · 1.52 s · +1.2 MB heap · 3 attempts · "),
        shown.text,
      );
      assert.match(shown.text, /…/);
      assert.ok(shown.text.endsWith(stale ? "react@18.2.0  (stale)" : "react@18.2.0"), shown.text);
      assert.ok(shown.hover.includes(error), "the hover has the error whole");
    }
    // A fan-out's figures name the failed instance before its error: the same bound.
    const group = stepGroupMetricsText(
      "install",
      [step({ id: "install[12]", status: "failed", error }), step({ id: "install[0]" })],
      run,
    );
    assert.ok(group.text.length <= INLINE_TEXT_MAX, `${group.text.length}: ${group.text}`);
    assert.match(group.text, /^1 ✗ 1 ✓ · longest 1\.52 s · install\[12\]: shell command/);
    assert.ok(group.hover.includes(error), `the group's hover has the error whole: ${group.hover}`);
  });

  it("writes an error's first line as one line: no terminal colours, tabs or runs of blanks", () => {
    assert.equal(
      shortError("\u001b[31mError:\u001b[0m\tno  such\u0007 file\n"),
      "Error: no such file",
    );
  });

  it("puts the line that says why after a first line ending in a colon (what a failed shell action's stderr gives)", () => {
    const error =
      'shell command "npm ci" exited with code 1:\nnpm ERR! code ERESOLVE\nnpm ERR! see the log';
    assert.equal(
      shortError(error),
      'shell command "npm ci" exited with code 1: npm ERR! code ERESOLVE',
    );
    assert.equal(shortError("failed:\n\n"), "failed:");
  });

  it("cuts an error whose command cannot keep a dozen characters at a word, the command's text gone", () => {
    const error =
      'shell command "echo the disk is full >&2; exit 3" exited with code 3: the disk is full';
    assert.equal(shortError(error, 44), "shell command … code 3: the disk is full");
  });

  it("keeps which line of a failed bash script stopped it, and its command, when the error is cut", () => {
    // As the engine words it (with the file's line, which the editor marks on the line itself).
    const error =
      'shell command "echo starting …" exited with code 1 at line 2 of the script (audit.momoflow:25), `false`: starting';
    const shown = stepMetricsText(step({ status: "failed", error }), run).text;
    assert.equal(
      shown,
      "✗ failed · 1.52 s · +1.2 MB heap · exit code 1 at line 2, `false`: starting",
    );
    assert.ok(shown.length <= INLINE_TEXT_MAX, shown);
    assert.ok(
      stepMetricsText(step({ status: "failed", error }), run).hover.includes(error),
      "the hover has it whole",
    );
    // A signal's name stays; what is short enough is left as it is.
    assert.equal(
      shortError(
        'shell command "sleep 1; kill -9 $$" exited with code 137 (SIGKILL?) at line 1 of the script (w.momoflow:8), `kill -9 $$`',
        50,
      ),
      "exit code 137 (SIGKILL?) at line 1, `kill -9 $$`",
    );
    // Still too long: the command is cut at its end, the line and why stay.
    const instance =
      'shell command "echo part b …" exited with code 1 at line 2 of the script (caller.momoflow:12), `test "b" = a`: part b';
    assert.equal(shortError(instance, 40), 'exit code 1 at line 2, `test "…`: part b');
    assert.equal(shortError(instance, 36), "exit code 1 at line 2, `…`: part b");
    const short = 'shell command "a; b" exited with code 1 at line 2 of the script, `b`';
    assert.equal(shortError(short), short);
  });

  it("a failure inside a shell function: its line and command stay when cut, the caller's line is the hover's", () => {
    const error =
      'shell command "g() { …" exited with code 1 at line 3 of the script (w.momoflow:6), `cat missing.txt`, ' +
      "in a function called at line 8 (w.momoflow:11): cat: missing.txt: No such file or directory";
    assert.equal(
      shortError(error, 90),
      "exit code 1 at line 3, `cat missing.txt`: cat: missing.txt: No such file or directory",
    );
    assert.equal(
      shortError(error, 80),
      "exit code 1 at line 3, `cat missi…`: cat: missing.txt: No such file or directory",
    );
  });

  it("marks rolled-back steps ↶ and failed undos", () => {
    const rolled = stepMetricsText(step({ status: "rolled_back" }), run);
    assert.equal(rolled.text, "↶ rolled back · 1.52 s · +1.2 MB heap");
    assert.equal(rolled.tone, "rolled_back");
    const undoFailed = stepMetricsText(step({ status: "rollback_failed", error: "EACCES" }), run);
    assert.equal(undoFailed.text, "⚠ rollback failed · 1.52 s · +1.2 MB heap · EACCES");
    assert.equal(undoFailed.tone, "failed");
  });

  it("shows no figures for steps that did not run, and why a step was skipped", () => {
    assert.equal(
      stepMetricsText(step({ status: "skipped", attempts: 0 }), run).text,
      "– skipped · its when was false",
    );
    assert.equal(
      stepMetricsText(step({ status: "skipped", attempts: 0, upToDate: true }), run).text,
      "– skipped · up to date",
    );
    const empty = step({ status: "skipped", attempts: 0, reason: "for_each: [] has no items" });
    assert.equal(stepMetricsText(empty, run).text, "– skipped · for_each: [] has no items");
    assert.match(
      stepMetricsText(empty, run).hover,
      /^- skipped: for\\_each: \\\[\\\] has no items$/m,
    );
    assert.equal(stepMetricsText(step({ status: "not_run", attempts: 0 }), run).text, "○ not run");
    assert.equal(stepMetricsText(step({ status: "skipped", attempts: 0 }), run).tone, "muted");
  });

  it("suffixes (stale) and mutes stale figures", () => {
    const stale = stepMetricsText(step({ status: "failed", error: "boom" }), run, true);
    assert.equal(stale.text, "✗ failed · 1.52 s · +1.2 MB heap · boom  (stale)");
    assert.equal(stale.tone, "muted");
    assert.match(stale.hover, /changed since this run/);
  });

  it("names the run, its status and irreversibility in the hover", () => {
    const hover = stepMetricsText(step({ reversible: false }), run).hover;
    assert.match(
      hover,
      /\*\*build\*\*: success \(run `20261125-173012-456-publish_site-3fa9c1`, rolled back\)/,
    );
    assert.match(hover, /CPU: 120 ms user, 30 ms system/);
    assert.match(hover, /^- irreversible: a rollback leaves it as it is$/m);
  });

  it("tells the three undo kinds apart in the hover: reversible, nothing to undo, irreversible", () => {
    const hover = (overrides: Partial<ResultStep>): string =>
      stepMetricsText(step(overrides), run).hover;
    const reversible = hover({ reversible: true });
    assert.match(reversible, /^- reversible: a rollback undoes it$/m);
    assert.doesNotMatch(reversible, /irreversible|nothing to undo/);
    const effectFree = hover({ reversible: false, effectFree: true });
    assert.match(effectFree, /^- nothing to undo: it changes nothing outside the run$/m);
    assert.doesNotMatch(effectFree, /irreversible/, "an effect-free step is not irreversible");
    const irreversible = hover({ reversible: false });
    assert.match(irreversible, /^- irreversible: a rollback leaves it as it is$/m);
    assert.doesNotMatch(irreversible, /nothing to undo/);
    // The inline text stays the figures only.
    assert.equal(
      stepMetricsText(step({ reversible: false, effectFree: true }), run).text,
      "✓ success · 1.52 s · +1.2 MB heap",
    );
  });

  it("reads the undo kinds from the step's record: only effectFree: true counts", () => {
    assert.equal(stepUndo({ reversible: true }), "reversible");
    assert.equal(stepUndo({ reversible: false, effectFree: true }), "nothing-to-undo");
    assert.equal(stepUndo({ reversible: false, effectFree: false }), "irreversible");
    assert.equal(stepUndo({ reversible: false }), "irreversible", "an older record");
    assert.equal(stepUndo({ reversible: true, effectFree: true }), "reversible");
  });

  it("gives a step that calls a workflow the undo of the steps it calls, nested calls too", () => {
    const call = { reversible: false, effectFree: true };
    const rows = [
      { id: "ship", ...call },
      { id: "ship/release", ...call },
      { id: "ship/release/bump", reversible: true },
      { id: "ship/notes", ...call },
      { id: "ship/notes/note", ...call },
      { id: "publish", ...call },
      { id: "publish/stage", reversible: true },
      { id: "publish/upload", reversible: false },
      { id: "convert", ...call },
      { id: "convert[0]", reversible: true },
      { id: "announce", ...call },
    ];
    const calls = callUndos(rows);
    const undo = (id: string) =>
      rowUndo(
        rows.find((r) => r.id === id)!,
        calls,
      );
    assert.deepEqual(undo("ship"), { undo: "reversible", call: true });
    assert.deepEqual(undo("ship/release"), { undo: "reversible", call: true });
    assert.deepEqual(undo("ship/notes"), { undo: "nothing-to-undo", call: true });
    assert.deepEqual(undo("publish"), { undo: "irreversible", call: true });
    // Not calls: their rows are their own.
    assert.deepEqual(undo("ship/release/bump"), { undo: "reversible", call: false });
    assert.deepEqual(undo("convert"), { undo: "nothing-to-undo", call: false });
    assert.deepEqual(undo("announce"), { undo: "nothing-to-undo", call: false });
    assert.equal(
      stepUndoText("irreversible", true),
      "irreversible: a rollback leaves one of the steps it calls as it is",
    );
  });

  it("fences an error that holds backticks", () => {
    const hover = stepMetricsText(step({ status: "failed", error: "a ``` b" }), run).hover;
    assert.match(hover, /````text\na ``` b\n````/);
  });
});

describe("inline step metrics text (a real run record)", function () {
  this.timeout(30_000);
  let root: string;
  let steps: Map<string, ResultStep>;
  let recorded: { runId: string; status: "rolled_back" };

  before(() => {
    root = mkdtempSync(join(tmpdir(), "momoflow-step-text-"));
    runReleaseNotes(root);
    const [summary] = listRuns(runsDirOf(root));
    const result = readResultFile(runRecordPaths(summary!.dir).result);
    assert.ok(result, "the run wrote result.json");
    assert.equal(result.status, "rolled_back", "steps with nothing to undo keep it whole");
    recorded = { runId: result.runId, status: "rolled_back" };
    steps = new Map(result.steps.map((s) => [s.id, s]));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("a log step and a rollback: none step have nothing to undo; shell steps are irreversible", () => {
    const line = (id: string): string | undefined =>
      stepMetricsText(steps.get(id)!, recorded)
        .hover.split("\n")
        .find((l) => /^- (reversible|nothing to undo|irreversible):/.test(l));
    assert.deepEqual(
      ["write_notes", "announce", "check_notes", "push", "tag"].map((id) => [id, line(id)]),
      [
        ["write_notes", "- reversible: a rollback undoes it"],
        ["announce", "- nothing to undo: it changes nothing outside the run"],
        ["check_notes", "- nothing to undo: it changes nothing outside the run"],
        ["push", "- irreversible: a rollback leaves it as it is"],
        ["tag", "- irreversible: a rollback leaves it as it is"],
      ],
    );
    assert.equal(stepMetricsText(steps.get("write_notes")!, recorded).tone, "rolled_back");
    assert.match(stepMetricsText(steps.get("announce")!, recorded).text, /^✓ success · /);
  });
});

/**
 * A run its workflow's `timeout` stops while `deploy` sleeps: `report` (a
 * handler of deploy's failure) and `notify` never start, and result.json
 * gives them the timeout's reason.
 */
const TIMED_OUT = `workflow timed {
  timeout: 1s
  step build {
    run: "echo built"
    rollback: none
  }
  step deploy {
    needs: build
    run: "sleep 20"
    rollback: none
  }
  step report {
    needs: deploy
    when: steps.deploy.status == failed
    run: "echo report"
    rollback: none
  }
  step notify {
    needs: report
    run: "true"
    rollback: none
  }
}
`;

describe("inline step metrics text (a run stopped by its workflow's timeout, real CLI)", function () {
  this.timeout(60_000);
  let root: string;
  let steps: Map<string, ResultStep>;
  let recorded: { runId: string; status: RunResultFile["status"] };

  before(() => {
    root = mkdtempSync(join(tmpdir(), "momoflow-step-text-timeout-"));
    const source = join(root, "timed.momoflow");
    writeFileSync(source, TIMED_OUT);
    assert.equal(cli(["run", source, "--workdir", root], root), 1);
    const [summary] = listRuns(runsDirOf(root));
    const result = readResultFile(runRecordPaths(summary!.dir).result);
    assert.ok(result, "the run wrote result.json");
    recorded = { runId: result.runId, status: result.status };
    steps = new Map(result.steps.map((s) => [s.id, s]));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("says after a not-run step's status, short, that the timeout left it unstarted; the hover says it whole", () => {
    for (const id of ["report", "notify"]) {
      const step = steps.get(id)!;
      assert.equal(step.status, "not_run");
      assert.match(step.reason!, /^not run after the workflow's timeout \(/);
      const shown = stepMetricsText(step, recorded);
      assert.equal(shown.text, "○ not run · after the workflow's timeout");
      assert.equal(shown.tone, "muted");
      assert.ok(shown.hover.split("\n").includes(`- ${markdownText(step.reason!)}`), shown.hover);
    }
    // Stale, it still fits.
    const stale = stepMetricsText(steps.get("notify")!, recorded, true);
    assert.equal(stale.text, "○ not run · after the workflow's timeout  (stale)");
    // The step the timeout stopped says its error, as before.
    assert.match(stepMetricsText(steps.get("deploy")!, recorded).text, /^✗ failed · .*timed out/);
  });
});

describe("inline figures of a large fan-out", () => {
  it("list a few instances in the hover, the failed ones among them, and say how many more", () => {
    const members = Array.from({ length: 1000 }, (_, i) =>
      step(
        i === 700
          ? { id: `many[${i}]`, status: "failed", error: "boom" }
          : { id: `many[${i}]`, status: "success" },
      ),
    );
    const shown = stepGroupMetricsText("many", members, run);
    assert.equal(shown.text, "1 ✗ 999 ✓ · longest 1.52 s · many[700]: boom");
    const listed = shown.hover.split("\n").filter((line) => line.startsWith("- `"));
    assert.equal(listed.length, MAX_LISTED_MEMBERS);
    assert.ok(
      listed.some((line) => line.startsWith("- `many[700]` ✗ failed")),
      listed.join("\n"),
    );
    assert.ok(listed[0]!.startsWith("- `many[0]` ✓ success"), listed[0]);
    assert.match(shown.hover, /^- … and 980 more \(every one in the metrics panel\)$/m);
    assert.match(shown.hover, /1000 recorded steps/);
  });
});

describe("inline step metrics hover (text from the record)", () => {
  it("keeps text from the record as text in the hover: no link, bold or broken code span from an error, a reason, a worker or a run id", () => {
    const error = "see [the fix](https://evil.example/x) **now** <img src=x> `rm`";
    const odd = { runId: "run`1`", status: "failed" as const };
    const group = stepGroupMetricsText(
      "convert",
      [step({ id: "convert[0]", status: "failed", error }), step({ id: "convert[1]" })],
      odd,
    ).hover;
    const single = stepMetricsText(
      step({ status: "skipped", attempts: 0, reason: "[skip](command:x)", worker: "w`2" }),
      odd,
    ).hover;
    // The whole error is in a code block, where Markdown is text; the rest is checked.
    assert.ok(group.includes(`\n\`\`\`text\n${error}\n\`\`\``), group);
    const outsideBlocks = group.replace(/^```text\n[^]*?\n```$/gm, "");
    for (const hover of [outsideBlocks, single]) {
      // An unescaped "[" or "*" or "<" is Markdown's; an escaped one is text.
      assert.doesNotMatch(hover, /(^|[^\\])\[(the fix|skip)\]\(/, hover);
      assert.doesNotMatch(hover, /(^|[^\\])\*\*now/, hover);
      assert.doesNotMatch(hover, /(^|[^\\])<img/, hover);
      assert.ok(hover.includes("`` run`1` ``"), `the run id is one code span: ${hover}`);
    }
    assert.ok(single.includes("``w`2``"), single);
  });
});
