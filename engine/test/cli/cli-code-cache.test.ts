import assert from "node:assert/strict";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

const BUNDLE = resolve(__dirname, "../../../dist/cli-main.js");

/** A js() step: its module is imported by the bundle, which runs from the code cache. */
const WORKFLOW = `workflow cached {
  step save {
    run: js("./steps.mjs", "save")
    output: json
  }
}
`;
const MODULE = `export async function save() { return { id: "id-1" }; }\n`;

describe("the CLI's code cache", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-code-cache-");
  const temp = (): string => join(tmp(), "temp");
  const folder = (): string => join(temp(), `momoflow-code-cache-${process.getuid?.() ?? ""}`);

  /** Runs the workflow with the temp folder under the test's own; fails unless it succeeds. */
  async function run(env: Record<string, string> = {}): Promise<void> {
    const { file, workdir } = writeWorkflow(tmp(), "cached", WORKFLOW);
    writeFileSync(join(tmp(), "steps.mjs"), MODULE);
    mkdirSync(temp(), { recursive: true });
    const out = await startCli(["run", file, "--workdir", workdir], workdir, {
      TMPDIR: temp(),
      ...env,
    }).done;
    assert.equal(out.code, 0, said(out));
    assert.match(out.stdout, /✓ save success/, said(out));
    assert.equal(out.stderr, "", said(out));
  }

  const cacheFiles = (): string[] => readdirSync(folder()).map((name) => join(folder(), name));
  const identity = (): string => {
    const stat = statSync(BUNDLE);
    return `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  };
  const firstLine = (path: string): string => readFileSync(path, "latin1").split("\n", 1)[0]!;

  it("is left by a command in a folder closed to others, and the next command starts from it", async () => {
    await run();
    const [cache, ...others] = cacheFiles();
    assert.ok(cache !== undefined && others.length === 0, String(cacheFiles()));
    assert.equal(statSync(folder()).mode & 0o777, 0o700);
    assert.equal(statSync(cache).mode & 0o777, 0o600);
    assert.equal(firstLine(cache), identity());
    const written = statSync(cache).ino;
    // Taken as it is: a cache V8 turned down would be written again (a new file).
    await run();
    assert.equal(statSync(cache).ino, written);
  });

  it("is kept for each command apart: a cache holds what its command compiled", async () => {
    mkdirSync(temp(), { recursive: true });
    const version = await startCli(["--version"], tmp(), { TMPDIR: temp() }).done;
    assert.equal(version.code, 0, said(version));
    assert.equal(cacheFiles().length, 1);
    await run();
    assert.equal(cacheFiles().length, 2);
  });

  it("is made again for another build of the bundle", async () => {
    await run();
    const [cache] = cacheFiles();
    writeFileSync(cache!, "1:2:3\nnot compiled code", { mode: 0o600 });
    await run();
    assert.equal(firstLine(cache!), identity());
  });

  it("is not used in a folder others may write in", async () => {
    mkdirSync(folder(), { recursive: true });
    chmodSync(folder(), 0o777);
    await run();
    assert.deepEqual(cacheFiles(), []);
  });

  it("is not used by bench, which changes V8's flags as it runs (a cache it made would be turned down)", async () => {
    mkdirSync(temp(), { recursive: true });
    const help = await startCli(["bench", "--help"], tmp(), { TMPDIR: temp() }).done;
    assert.equal(help.code, 0, said(help));
    assert.equal(existsSync(folder()), false);
  });

  it("is one of their own for the processes bench starts to time a first run, which change no flags", async () => {
    mkdirSync(temp(), { recursive: true });
    const child = () =>
      startCli(["bench", "--first-run-child", "floor", "--steps", "5"], tmp(), { TMPDIR: temp() })
        .done;
    const first = await child();
    assert.equal(first.code, 0, said(first));
    assert.equal(JSON.parse(first.stdout).codeCache, "made");
    const [cache, ...others] = cacheFiles();
    assert.ok(cache !== undefined && others.length === 0, String(cacheFiles()));
    assert.match(cache, /-benchfirstrun-v\d+/);
    const second = await child();
    assert.equal(JSON.parse(second.stdout).codeCache, "used");
  });

  it("is not made under a TMPDIR in /proc, where Node's recursive mkdir never returns (the CLI hung before anything)", async () => {
    const { child, done } = startCli(["--version"], tmp(), { TMPDIR: "/proc/momoflow-none" });
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const version = await done;
    clearTimeout(timer);
    assert.equal(version.signal, null, "momoflow --version did not end within 20 s");
    assert.equal(version.code, 0, said(version));
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  });

  it("is not used with MOMOFLOW_NO_CODE_CACHE set", async () => {
    await run({ MOMOFLOW_NO_CODE_CACHE: "1" });
    assert.equal(existsSync(folder()), false);
  });
});
