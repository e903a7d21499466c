import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stepMemoryOf } from "../../src/runtime/metrics";
import { runCli } from "../support/cli-process";
import { latestResult } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

const MB = 1024 * 1024;

describe("per-step memory (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-step-memory-");

  it("gives a shell step its processes' peak, an in-process step its heap growth, and says which", async function () {
    if (process.platform !== "linux") this.skip(); // a shell step's peak is read from /proc
    writeFileSync(
      join(tmp(), "wf.momoflow"),
      [
        "workflow w {",
        "  step big {",
        // 50 MB, every page touched, held for 300 ms.
        `    run: """${process.execPath} -e 'const b = Buffer.alloc(50e6, 1); setTimeout(() => b, 300)'"""`,
        "  }",
        '  step tiny { needs: big  run: "true" }',
        '  step write { needs: tiny  run: create_file(path: "x.txt", content: "twenty bytes of text") }',
        "}",
        "",
      ].join("\n"),
    );
    const out = await runCli(["run", "wf.momoflow"], tmp());
    assert.equal(out.code, 0, out.stderr + out.stdout);

    const result = latestResult(tmp());
    const memory = (id: string) => stepMemoryOf(result.steps.find((s) => s.id === id)!.metrics);
    const engineRss = result.metrics.peakMemoryBytes;

    const big = memory("big");
    assert.equal(big?.kind, "child_peak", JSON.stringify(big));
    assert.ok(big.bytes >= 40 * MB, `a 50 MB shell step peaked at ${big.bytes} B`);

    // Real and small, or not measured: never the engine's resident memory.
    const tiny = memory("tiny");
    if (tiny) {
      assert.equal(tiny.kind, "child_peak");
      assert.ok(
        tiny.bytes > 64 * 1024 && tiny.bytes < 16 * MB,
        `\`true\` peaked at ${tiny.bytes} B`,
      );
    }

    const write = memory("write");
    assert.equal(write?.kind, "heap_growth", JSON.stringify(write));
    assert.ok(write.bytes < 8 * MB, `writing 20 bytes grew the heap by ${write.bytes} B`);
    assert.ok(engineRss > 16 * MB && write.bytes !== engineRss);

    // The summary says which kind each figure is.
    const row = (id: string) => out.stdout.split("\n").find((l) => l.trim().startsWith(`${id} `));
    assert.match(row("big") ?? "", /\d+\.\d MB peak\s*$/, out.stdout);
    assert.match(row("tiny") ?? "", tiny ? / peak\s*$/ : /—\s*$/, out.stdout);
    assert.match(row("write") ?? "", /\+\d+(\.\d)? [KM]?B heap\s*$/, out.stdout);
  });
});
