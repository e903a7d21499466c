/**
 * The README's "Coming from momo-workflow" samples, run as a user would run
 * them: each ```ts block of the section, as it is but for `from "momoflow"`
 * pointing at the built package (dist/, as the CLI tests use it), runs in its
 * own Node process (tsx) in a fresh folder; what it prints must be its `// →`
 * lines, in order.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ENGINE_URL } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

const REPOSITORY = resolve(__dirname, "../../..");
const SECTION = "## Coming from momo-workflow";
const TSX = pathToFileURL(require.resolve("tsx/esm")).href;

/** The ```ts blocks of the README's section. */
function sectionSamples(): string[] {
  const readme = readFileSync(join(REPOSITORY, "README.md"), "utf8");
  const start = readme.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`);
  const next = readme.indexOf("\n## ", start + SECTION.length + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** What a sample says it prints: its `// → text` lines. */
function expectedLines(sample: string): string[] {
  return [...sample.matchAll(/^\/\/ → (.*)$/gm)].map((m) => m[1]!);
}

describe("README: Coming from momo-workflow", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-readme-");
  const samples = sectionSamples();

  it("has samples, each saying what it prints", () => {
    assert.ok(samples.length >= 3, `found ${samples.length} samples`);
    for (const sample of samples) {
      assert.match(sample, /from "momoflow";/);
      assert.ok(expectedLines(sample).length > 0, `a sample prints nothing to check:\n${sample}`);
    }
  });

  samples.forEach((sample, i) => {
    it(`sample ${i + 1} runs and prints what it says`, () => {
      const file = join(tmp(), `sample-${i + 1}.mts`);
      writeFileSync(
        file,
        sample.replaceAll('from "momoflow";', `from ${JSON.stringify(ENGINE_URL)};`),
      );
      // tsx is this repository's: named by its file, since the sample's folder has no node_modules.
      const run = spawnSync(process.execPath, ["--import", TSX, file], {
        cwd: tmp(),
        encoding: "utf8",
      });
      assert.equal(run.status, 0, `sample ${i + 1} failed:\n${run.stderr}\n${sample}`);
      assert.deepEqual(run.stdout.trimEnd().split("\n"), expectedLines(sample));
    });
  });
});
