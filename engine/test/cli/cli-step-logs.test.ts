import Ajv from "ajv";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readJournal } from "../../src/record/journal-reader";
import { stepLogPath } from "../../src/record/run-paths";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { useTmpfsMount } from "../support/tmpfs-mount";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";

function readLog(workdir: string, step: string): string {
  return readFileSync(join(runDirOf(workdir), stepLogPath(step)), "utf8");
}

/** The log of `step` so far: "" before it is written. */
function logSoFar(workdir: string, step: string): string {
  try {
    return readLog(workdir, step);
  } catch {
    return "";
  }
}

interface ResultStep {
  id: string;
  error?: string;
  log?: string;
}

function resultSteps(workdir: string): ResultStep[] {
  const result = JSON.parse(readFileSync(join(runDirOf(workdir), "result.json"), "utf8")) as {
    steps: ResultStep[];
  };
  return result.steps;
}

describe("step logs and live output (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-logs-cli-");

  function write(source: string, dir = tmp()): void {
    writeFileSync(join(dir, "wf.momoflow"), source);
  }

  it("keeps a successful step's whole stdout (200 KB) and its stderr in logs/<step>.log, listed in result.json", async () => {
    // 240 KB of numbered lines on stdout, with stderr lines between them.
    write(
      [
        "workflow w {",
        '  step big { run: """',
        "    i=0",
        "    while [ $i -lt 5000 ]; do",
        '      echo "line $i of the big step: ....................."',
        '      if [ $((i % 1000)) -eq 0 ]; then echo "note $i on stderr" >&2; fi',
        "      i=$((i + 1))",
        "    done",
        '  """ }',
        "  step quiet {",
        "    needs: [big]",
        '    run: "true"',
        "  }",
        "}",
      ].join("\n"),
    );
    const out = await runCli(["run", "wf.momoflow"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const log = readLog(tmp(), "big");
    const stdoutLines = log.split("\n").filter((l) => l.startsWith("line "));
    assert.equal(stdoutLines.length, 5000);
    assert.ok(Buffer.byteLength(log) > 200_000, `log is ${Buffer.byteLength(log)} bytes`);
    assert.equal(stdoutLines[4999], "line 4999 of the big step: .....................");
    for (const n of [0, 1000, 2000, 3000, 4000])
      assert.match(log, new RegExp(`^note ${n} on stderr$`, "m"));
    // A step that printed nothing has no log, and result.json says where the others are.
    assert.equal(existsSync(join(runDirOf(tmp()), stepLogPath("quiet"))), false);
    const steps = resultSteps(tmp());
    assert.equal(steps.find((s) => s.id === "big")?.log, "logs/big.log");
    assert.equal(steps.find((s) => s.id === "quiet")?.log, undefined);
    // The record, logs included, is what the schemas say.
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(journalSchema);
    const validResult = ajv.compile(resultSchema);
    const result: unknown = JSON.parse(readFileSync(join(runDirOf(tmp()), "result.json"), "utf8"));
    assert.ok(validResult(result), JSON.stringify(validResult.errors));
    const validEvent = ajv.compile(journalSchema);
    const { events } = readJournal(join(runDirOf(tmp()), "journal.jsonl"));
    const finished = events.find((e) => e.type === "step_finished" && e.step === "big");
    assert.equal(finished?.type === "step_finished" && finished.log, "logs/big.log");
    for (const e of events) assert.ok(validEvent(e), JSON.stringify(validEvent.errors));
  });

  it("shows each step's output live, every line after its padded id, never a line split between steps", async () => {
    // Two steps at once, each writing a line in pieces while the other prints.
    write(
      [
        "workflow w {",
        "  concurrency: 2",
        '  step a { run: """',
        "    for i in 1 2 3 4; do",
        '      printf "a-start-$i "; sleep 0.05; printf "a-end-$i\\n"; sleep 0.02',
        "    done",
        '  """ }',
        '  step longer_b { run: """',
        "    for i in 1 2 3 4; do",
        '      printf "b-start-$i " >&2; sleep 0.03; printf "b-end-$i\\n" >&2; sleep 0.03',
        "    done",
        '    printf "b-unfinished"',
        '  """ }',
        "}",
      ].join("\n"),
    );
    const out = await runCli(["run", "wf.momoflow"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const lines = out.stdout.split("\n");
    const outputLines = lines.filter((l) => / \| /.test(l));
    for (let i = 1; i <= 4; i++) {
      assert.ok(lines.includes(`  a        | a-start-${i} a-end-${i}`), out.stdout);
      assert.ok(lines.includes(`  longer_b | b-start-${i} b-end-${i}`), out.stdout);
    }
    // The last, unfinished line is shown when its step ends.
    assert.ok(lines.includes("  longer_b | b-unfinished"), out.stdout);
    assert.equal(outputLines.length, 9, out.stdout);
    // No piece of one step's line ends up on another's.
    for (const line of outputLines) {
      const [prefix, text] = line.split(" | ");
      assert.ok(text!.startsWith(prefix!.trim() === "a" ? "a-" : "b-"), line);
    }
    // They did run at once: the lines of the two steps take turns in the output.
    const order = outputLines.map((l) => l.trim()[0]).join("");
    assert.notEqual(order, "aaaabbbbb");
    assert.notEqual(order, "bbbbbaaaa");
  });

  it("keeps the output out of the terminal with --quiet and out of stdout with --json, in the log either way", async () => {
    write('workflow w {\n  step hello { run: "echo hello-from-the-step" }\n}\n');
    const quiet = await runCli(["run", "wf.momoflow", "--quiet"], tmp());
    assert.equal(quiet.code, 0, quiet.stdout + quiet.stderr);
    assert.doesNotMatch(quiet.stdout + quiet.stderr, /hello-from-the-step\n/);
    assert.equal(readLog(tmp(), "hello"), "hello-from-the-step\n");

    const json = await runCli(["run", "wf.momoflow", "--json"], tmp());
    assert.equal(json.code, 0, json.stdout + json.stderr);
    const result = JSON.parse(json.stdout) as { steps: { log?: string }[] };
    assert.equal(result.steps[0]!.log, "logs/hello.log");
    assert.match(json.stderr, /^ {2}hello \| hello-from-the-step$/m);
  });

  it("puts the Node error message into a failed step's error, and points at the whole log", async () => {
    writeFileSync(
      join(tmp(), "fails.js"),
      [
        'console.log("loading the configuration");',
        "function load() {",
        '  throw new Error("the configuration file config.toml is missing");',
        "}",
        "load();",
      ].join("\n"),
    );
    write('workflow w {\n  step load { run: "node fails.js" }\n}\n');
    const out = await runCli(["run", "wf.momoflow"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const error = resultSteps(tmp()).find((s) => s.id === "load")?.error ?? "";
    assert.match(error, /^Error: the configuration file config\.toml is missing$/m);
    assert.ok(error.split("\n").length <= 22 && error.length < 4500, error);
    assert.match(out.stdout, /whole log: \.momoflow\/runs\/[^/]+\/logs\/load\.log/);
    const log = readLog(tmp(), "load");
    assert.match(log, /^loading the configuration$/m);
    assert.match(log, /at load \(.*fails\.js:3/);
  });

  it("separates the attempts of a retried step in its log", async () => {
    write(
      [
        "workflow w {",
        "  step flaky {",
        "    retries: 2",
        "    retry_delay: 10ms",
        '    run: """',
        "      n=$(cat count 2>/dev/null || echo 0); n=$((n + 1)); echo $n > count",
        '      echo "try $n"',
        '      if [ $n -lt 3 ]; then printf "not yet" >&2; exit 1; fi',
        '    """',
        "  }",
        "}",
      ].join("\n"),
    );
    const out = await runCli(["run", "wf.momoflow"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    // In the terminal, an attempt's unfinished last line does not run into the next attempt's.
    assert.equal(out.stdout.match(/^ {2}flaky \| not yet$/gm)?.length, 2, out.stdout);
    assert.equal(
      readLog(tmp(), "flaky"),
      "try 1\nnot yet\n── attempt 2 ──\ntry 2\nnot yet\n── attempt 3 ──\ntry 3\n",
    );
  });

  it("puts what an undo prints after a line `── rollback ──`, as the published schemas' stepLog says", async () => {
    write(
      [
        "workflow w {",
        "  step make {",
        '    run: "echo made"',
        '    rollback: "echo unmade"',
        "  }",
        "  step boom {",
        "    needs: [make]",
        '    run: "exit 1"',
        "    rollback: none",
        "  }",
        "}",
      ].join("\n"),
    );
    const out = await runCli(["run", "wf.momoflow"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.equal(readLog(tmp(), "make"), "made\n── rollback ──\nunmade\n");
    // The record's readers learn the log's layout from the schema that result.json and the journal point to.
    const description = (journalSchema as { definitions: { stepLog: { description: string } } })
      .definitions.stepLog.description;
    assert.match(description, /'── attempt N ──'/);
    assert.match(description, /'── rollback ──'/);
    assert.match(description, /momoflow rollback/);
    assert.equal(
      (
        resultSchema as {
          properties: { steps: { items: { properties: { log: { $ref: string } } } } };
        }
      ).properties.steps.items.properties.log.$ref,
      "run-journal-event.v1.json#/definitions/stepLog",
    );
  });

  it("ends each stream's unfinished last line in the log, as in the terminal: stdout's and stderr's never run together", async () => {
    write(
      [
        "workflow w {",
        "  step a {",
        "    run: \"echo line1; printf 'out-partial'; printf 'err-partial' >&2; exit 3\"",
        "    rollback: none",
        "  }",
        "}",
      ].join("\n"),
    );
    const out = await runCli(["run", "wf.momoflow"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stdout, /^ {2}a \| out-partial$/m);
    assert.match(out.stdout, /^ {2}a \| err-partial$/m);
    assert.equal(readLog(tmp(), "a"), "line1\nout-partial\nerr-partial\n");
  });

  it("writes what built-in commands and js() steps log into their step's log", async () => {
    writeFileSync(
      join(tmp(), "actions.mjs"),
      'export function work(args, context) { context.logger.info(`working on ${args.item}`); context.logger.warn("almost done"); return "ok"; }\n',
    );
    write(
      [
        "workflow w {",
        '  step say { run: log(message: "said by the log command") }',
        '  step code { run: js("./actions.mjs", "work", item: "the report") }',
        "}",
      ].join("\n"),
    );
    const out = await runCli(["run", "wf.momoflow"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(readLog(tmp(), "say"), "said by the log command\n");
    assert.equal(readLog(tmp(), "code"), "working on the report\nwarn: almost done\n");
    assert.match(out.stdout, /^ {2}code \| working on the report$/m);
  });

  it("leaves the log so far when the run is killed (SIGKILL) mid-step", async () => {
    write(
      [
        "workflow w {",
        '  step slow { run: """',
        "    echo before-the-kill",
        "    echo also-on-stderr >&2",
        "    sleep 30",
        "    echo never-printed",
        '  """ }',
        "}",
      ].join("\n"),
    );
    const { child, done } = startCli(["run", "wf.momoflow"], tmp());
    const logExists = (): boolean => {
      try {
        return readLog(tmp(), "slow").includes("also-on-stderr");
      } catch {
        return false;
      }
    };
    try {
      await waitFor(logExists, "the step's log");
    } finally {
      child.kill("SIGKILL");
      await done;
    }
    // The step's shell outlives the killed CLI (its own process group): stop it.
    const { events } = readJournal(join(runDirOf(tmp()), "journal.jsonl"));
    for (const e of events) if (e.type === "step_process") process.kill(-e.pid, "SIGKILL");
    const log = readLog(tmp(), "slow");
    assert.match(log, /^before-the-kill$/m);
    assert.match(log, /^also-on-stderr$/m);
    assert.doesNotMatch(log, /never-printed/);
    // A rollback rebuilds result.json and finds the killed step's log.
    const rollback = await runCli(["rollback", runDirOf(tmp())], tmp());
    assert.notEqual(rollback.code, 2, rollback.stdout + rollback.stderr);
    assert.equal(resultSteps(tmp()).find((s) => s.id === "slow")?.log, "logs/slow.log");
  });

  it("keeps a line still being written when the run is killed (SIGKILL): it is in the log once held a moment", async () => {
    // The step prints an unfinished line, then a whole one on stderr (shown in the terminal,
    // so the test knows the first was printed), and waits.
    write(
      [
        "workflow w {",
        '  step ask { run: """',
        "    printf 'waiting…'",
        "    echo printed-it >&2",
        "    sleep 30",
        '  """ }',
        "}",
      ].join("\n"),
    );
    const { child, done } = startCli(["run", "wf.momoflow"], tmp());
    let stdout = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    try {
      await waitFor(
        () => /ask \| printed-it/.test(stdout),
        "the step's stderr line in the terminal",
      );
      // A held line is written to the log once it waited about 150 ms.
      await waitFor(
        () => logSoFar(tmp(), "ask").includes("waiting…"),
        "the held line to be written to the log",
      );
    } finally {
      child.kill("SIGKILL");
      await done;
    }
    const { events } = readJournal(join(runDirOf(tmp()), "journal.jsonl"));
    for (const e of events) if (e.type === "step_process") process.kill(-e.pid, "SIGKILL");
    assert.equal(readLog(tmp(), "ask"), "printed-it\nwaiting…");
  });

  it("continues a line held a moment on the same log line, or after a line of another stream that came between", async () => {
    write(
      [
        "workflow w {",
        "  concurrency: 2",
        '  step same { run: """',
        "    printf 'downloading… '",
        "    sleep 1",
        "    echo done",
        '  """ }',
        '  step cut { run: """',
        "    printf 'downloading… '",
        "    sleep 1",
        "    echo 'slow mirror' >&2",
        "    sleep 0.5",
        "    echo done",
        '  """ }',
        "}",
      ].join("\n"),
    );
    const out = await runCli(["run", "wf.momoflow"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    // Nothing came between: the line is whole, as printed.
    assert.equal(readLog(tmp(), "same"), "downloading… done\n");
    // Another stream's line came between: it is not cut into the held one, which goes on after it.
    assert.equal(readLog(tmp(), "cut"), "downloading… \nslow mirror\ndone\n");
    // The terminal shows whole lines, as before.
    assert.match(out.stdout, /^ {2}same \| downloading… done$/m);
    assert.match(out.stdout, /^ {2}cut {2}\| downloading… done$/m);
  });

  it("writes bytes that are not UTF-8 as U+FFFD in the log (the log is text, masked as text)", async () => {
    write(
      [
        "workflow w {",
        "  step bytes {",
        "    run: \"printf 'bad:\\\\377\\\\376:end\\\\n'\"",
        "    rollback: none",
        "  }",
        "}",
      ].join("\n"),
    );
    const out = await runCli(["run", "wf.momoflow"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const log = readFileSync(join(runDirOf(tmp()), stepLogPath("bytes")));
    // Its output (what a later step reads) is said not to be UTF-8 (cli-output-not-utf8.test.ts).
    assert.deepEqual(
      log,
      Buffer.from(
        "bad:\uFFFD\uFFFD:end\nwarn: its output is not UTF-8 text: the bytes that are not were read as U+FFFD (\uFFFD), so a later step or its rollback that reads this output gets other text than the step printed\n",
        "utf8",
      ),
    );
  });

  describe("on a full disk", () => {
    const disk = (): string => join(tmp(), "disk");
    useTmpfsMount(disk, "size=2m");

    it("stops writing logs, says so once, and keeps the run record whole", async () => {
      // 4 MB of output in a 2 MB file system, then steps that still run and are recorded.
      write(
        [
          "workflow w {",
          "  step flood {",
          "    run: \"head -c 4000000 /dev/zero | tr '\\\\0' x; echo\"",
          "    rollback: none",
          "  }",
          "  step after {",
          "    needs: [flood]",
          '    run: "echo after-the-flood"',
          "    rollback: none",
          "  }",
          "  step last {",
          "    needs: [after]",
          '    run: create_file(path: "done.txt", content: "done")',
          "  }",
          "}",
        ].join("\n"),
        disk(),
      );
      const out = await runCli(["run", "wf.momoflow", "--quiet"], disk());
      assert.equal(out.code, 0, out.stdout + out.stderr);
      const warnings = (out.stdout + out.stderr).match(/logs are no longer written/g) ?? [];
      assert.equal(warnings.length, 1, out.stdout + out.stderr);
      assert.match(out.stdout + out.stderr, /disk full/);
      // The journal is whole and says the run succeeded; result.json was written.
      const { events, problems } = readJournal(join(runDirOf(disk()), "journal.jsonl"));
      assert.deepEqual(problems, []);
      const end = events.at(-1);
      assert.equal(end?.type === "run_finished" && end.status, "success");
      assert.equal(resultSteps(disk()).length, 3);
      assert.equal(readFileSync(join(disk(), "done.txt"), "utf8"), "done");
      // The flood's log was cut to leave the journal room; later steps have none.
      const logs = readdirSync(join(runDirOf(disk()), "logs"));
      assert.deepEqual(logs, ["flood.log"]);
      assert.ok(readLog(disk(), "flood").length < 2_000_000);
    });
  });
});
