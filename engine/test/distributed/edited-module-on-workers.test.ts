import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestResult, runDirOf } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";
import type { WorkerProcess } from "../support/worker-process";

/**
 * The module as a user writes it, version `v1` or `v2` (the same size: an
 * edit that keeps the size is seen too). `loaded` is module state: a token
 * drawn as the module is loaded, the same for as long as it is not loaded
 * again.
 */
const moduleText = (version: string): string => `import { appendFileSync } from "node:fs";
import { join } from "node:path";
const loaded = Math.random().toString(36).slice(2, 10).padEnd(8, "0");
export function speak() { return "${version} " + loaded; }
export function unspeak(args, context) { appendFileSync(join(context.workingDirectory, "ops.log"), "undo ${version}\\n"); }
`;

/** The same as a CommonJS module (`.cjs`), which Node keeps by its path. */
const commonJsText = (version: string): string =>
  `const loaded = Math.random().toString(36).slice(2, 10).padEnd(8, "0");
exports.speak = () => "${version} " + loaded;
`;

/**
 * A module that says nothing of its own: what it says comes from the helper
 * it imports (\`lib/words.mjs\`, by a relative path), which says its own
 * version and the token drawn as it was loaded.
 */
const QUOTING = `import { words } from "./lib/words.mjs";
export function speak() { return words(); }
`;
const wordsText = (version: string): string =>
  `const loaded = Math.random().toString(36).slice(2, 10).padEnd(8, "0");
export function words() { return "${version} " + loaded; }
`;

/** The same in CommonJS: \`quoting.cjs\` requires \`lib/words.cjs\`. */
const QUOTING_CJS = `const { words } = require("./lib/words.cjs");
exports.speak = () => words();
`;
const wordsCommonJsText = (version: string): string =>
  `const loaded = Math.random().toString(36).slice(2, 10).padEnd(8, "0");
exports.words = () => "${version} " + loaded;
`;

/** An ES module whose CommonJS helper requires another: \`mixed.mjs\` → \`lib/words.cjs\` → \`lib/phrase.cjs\`. */
const MIXED = `import words from "./lib/words.cjs";
export function speak() { return words.words(); }
`;
const PASSING_ON = `const { phrase } = require("./phrase.cjs");
exports.words = () => phrase();
`;
const phraseText = (version: string): string =>
  wordsCommonJsText(version).replace("exports.words", "exports.phrase");

/** A module that counts with a package's state (\`tally\`, in the folder's node_modules). */
const countingText = (version: string): string => `import { next } from "tally";
export function speak() { return "${version} " + next(); }
`;
const TALLY = "let n = 0;\nexport function next() { return ++n; }\n";

const FLOWS = `
workflow speak {
  step speak { run: js("./speak.mjs", "speak") rollback: js("./speak.mjs", "unspeak") }
}

workflow speak_cjs {
  step speak { run: js("./speak.cjs", "speak") rollback: none }
}

workflow quote {
  step speak { run: js("./quoting.mjs", "speak") rollback: none }
}

workflow quote_cjs {
  step speak { run: js("./quoting.cjs", "speak") rollback: none }
}

workflow mixed {
  step speak { run: js("./mixed.mjs", "speak") rollback: none }
}

workflow count {
  step speak { run: js("./counting.mjs", "speak") rollback: none }
}

workflow quote_later {
  step speak { run: js("./quoting-later.mjs", "speak") rollback: none }
}

workflow speak_fails {
  step speak { run: js("./speak.mjs", "speak") rollback: js("./speak.mjs", "unspeak") }
  step boom { needs: speak run: "exit 3" rollback: none }
}
`;

/**
 * A `js()` module edited while a worker runs: each job loads it as it is
 * now (Node would keep the first copy it loaded for as long as the worker
 * lives), and one left as it is keeps its module state. One worker running
 * one step at a time: its one step thread runs every step and undo.
 */
describe("a js() module edited while its worker runs (real redis-server, workers)", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-edited-module-", FLOWS);
  const module = (): string => join(cluster.scheduler, "speak.mjs");

  async function worker(): Promise<WorkerProcess> {
    writeFileSync(module(), moduleText("v1"));
    return cluster.worker(`we-${cluster.tag}`, join(cluster.tmp(), "we"));
  }

  function run(workflow: string, extra: string[] = []): Promise<CliOutcome> {
    return runCli(
      ["run", "flow.momoflow", "--workflow", workflow, "--on", cluster.redis.url, ...extra],
      cluster.scheduler,
    );
  }

  /** What `speak` gave in the latest run of `workflow`, after a run that succeeded. */
  async function spoken(workflow = "speak"): Promise<string> {
    const out = await run(workflow);
    assert.equal(out.code, 0, said(out));
    return String(latestResult(cluster.scheduler).steps[0]!.output);
  }

  it("a step runs the module as it is now; left unchanged, it is not loaded again", async () => {
    await worker();
    const first = await spoken();
    assert.match(first, /^v1 \w{8}$/);
    assert.equal(await spoken(), first, "unchanged: the same copy, its state kept");
    writeFileSync(module(), moduleText("v2"));
    const edited = await spoken();
    assert.match(edited, /^v2 \w{8}$/, "the edited module's code");
    assert.equal(await spoken(), edited, "unchanged since: the same copy again");
  });

  it("a CommonJS module (.cjs) too", async () => {
    await worker();
    const cjs = join(cluster.scheduler, "speak.cjs");
    writeFileSync(cjs, commonJsText("v1"));
    const first = await spoken("speak_cjs");
    assert.match(first, /^v1 \w{8}$/);
    assert.equal(await spoken("speak_cjs"), first, "unchanged: the same copy, its state kept");
    writeFileSync(cjs, commonJsText("v2"));
    assert.match(await spoken("speak_cjs"), /^v2 \w{8}$/, "the edited module's code");
  });

  it("a module it imports, edited, is loaded again, with the module that imports it; left unchanged, neither is", async () => {
    await worker();
    mkdirSync(join(cluster.scheduler, "lib"));
    const words = join(cluster.scheduler, "lib", "words.mjs");
    writeFileSync(join(cluster.scheduler, "quoting.mjs"), QUOTING);
    writeFileSync(words, wordsText("v1"));
    const first = await spoken("quote");
    assert.match(first, /^v1 \w{8}$/);
    assert.equal(await spoken("quote"), first, "unchanged: the same copies, their state kept");
    writeFileSync(words, wordsText("v2"));
    const edited = await spoken("quote");
    assert.match(edited, /^v2 \w{8}$/, "the edited helper's code");
    assert.equal(await spoken("quote"), edited, "unchanged since: the same copies again");
  });

  it("a CommonJS module a CommonJS module requires, too", async () => {
    await worker();
    mkdirSync(join(cluster.scheduler, "lib"));
    const words = join(cluster.scheduler, "lib", "words.cjs");
    writeFileSync(join(cluster.scheduler, "quoting.cjs"), QUOTING_CJS);
    writeFileSync(words, wordsCommonJsText("v1"));
    const first = await spoken("quote_cjs");
    assert.match(first, /^v1 \w{8}$/);
    assert.equal(await spoken("quote_cjs"), first, "unchanged: the same copies, their state kept");
    writeFileSync(words, wordsCommonJsText("v2"));
    assert.match(await spoken("quote_cjs"), /^v2 \w{8}$/, "the edited helper's code");
  });

  it("a CommonJS module an ES module's CommonJS helper requires, too", async () => {
    await worker();
    mkdirSync(join(cluster.scheduler, "lib"));
    const phrase = join(cluster.scheduler, "lib", "phrase.cjs");
    writeFileSync(join(cluster.scheduler, "mixed.mjs"), MIXED);
    writeFileSync(join(cluster.scheduler, "lib", "words.cjs"), PASSING_ON);
    writeFileSync(phrase, phraseText("v1"));
    const first = await spoken("mixed");
    assert.match(first, /^v1 \w{8}$/);
    assert.equal(await spoken("mixed"), first, "unchanged: the same copies, their state kept");
    writeFileSync(phrase, phraseText("v2"));
    assert.match(await spoken("mixed"), /^v2 \w{8}$/, "the edited helper's code");
  });

  it("a module whose import failed (a helper not there yet) is imported again once it is there", async () => {
    await worker();
    writeFileSync(
      join(cluster.scheduler, "quoting-later.mjs"),
      QUOTING.replace("words.mjs", "later.mjs"),
    );
    const failed = await run("quote_later");
    assert.equal(failed.code, 1, said(failed));
    assert.match(latestResult(cluster.scheduler).steps[0]!.error ?? "", /cannot load/);
    mkdirSync(join(cluster.scheduler, "lib"));
    writeFileSync(join(cluster.scheduler, "lib", "later.mjs"), wordsText("v1"));
    assert.match(await spoken("quote_later"), /^v1 \w{8}$/);
  });

  it("a package it imports stays as first loaded: its state lives on", async () => {
    await worker();
    const tally = join(cluster.scheduler, "node_modules", "tally");
    mkdirSync(tally, { recursive: true });
    writeFileSync(
      join(tally, "package.json"),
      JSON.stringify({ name: "tally", type: "module", main: "index.js" }),
    );
    writeFileSync(join(tally, "index.js"), TALLY);
    const counting = join(cluster.scheduler, "counting.mjs");
    writeFileSync(counting, countingText("v1"));
    assert.equal(await spoken("count"), "v1 1");
    assert.equal(await spoken("count"), "v1 2");
    writeFileSync(counting, countingText("v2"));
    assert.equal(await spoken("count"), "v2 3", "the edited module, the package's same copy");
  });

  it("an undo runs the module as it is now, not as the step ran it", async () => {
    const w = await worker();
    const ran = await run("speak_fails", ["--no-rollback"]);
    assert.equal(ran.code, 1, said(ran));
    writeFileSync(module(), moduleText("v2"));
    const out = await runCli(["rollback", runDirOf(cluster.scheduler)], cluster.scheduler);
    assert.equal(out.code, 0, said(out));
    assert.equal(readFileSync(join(w.workdir, "ops.log"), "utf8"), "undo v2\n");
  });
});
