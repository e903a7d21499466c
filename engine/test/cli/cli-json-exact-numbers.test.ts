import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

interface ResultJson {
  status: string;
  runDir: string;
  steps: { id: string; status: string; error?: string; output?: unknown }[];
}

const BIG = "12345678901234567891";
/** {@link BIG} and the next id, which doubles cannot tell apart: both read 12345678901234567000. */
const NEXT = "12345678901234567892";
/** What JSON.parse makes of {@link BIG}: another id. */
const ROUNDED = "12345678901234567000";

/**
 * A number that JSON.parse would round or overflow (a 64-bit id, `1e400`)
 * keeps the digits it was written with — in a step's `output: json`, read by
 * later steps, conditions, the rollback and the record, and in a `--param` of
 * a list, map, any or number — so a rollback acts on the very id created.
 */
describe("momoflow: JSON numbers that a number cannot hold exactly", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-json-exact-");

  const created = (json: string): string => `workflow ids {
  step prior {
    run: "echo prior >> log.txt"
    rollback: "echo undo prior >> log.txt"
  }
  step create {
    needs: prior
    run: """printf '%s' '${json}' > "$MOMOFLOW_OUTPUT" """
    output: json
    rollback: "echo delete \${steps.create.output.id} >> log.txt"
  }
  step use {
    needs: create
    run: "echo use \${steps.create.output.id} >> log.txt"
    rollback: none
  }
}
`;

  /** Workflow `ids`: its step `create` prints `json` as its output (and runs `also`), then `rest`. */
  const printing = (json: string, rest: string, also = ""): string => `workflow ids {
  step create {
    run: """printf '%s' '${json}' > "$MOMOFLOW_OUTPUT"${also} """
    output: json
    rollback: none
  }
${rest}}
`;

  async function run(
    workflow: string,
  ): Promise<{ code: number | null; result: ResultJson; log: string; stdout: string }> {
    writeFileSync(join(tmp(), "ids.momoflow"), workflow);
    const out = await runCli(["run", "ids.momoflow", "--json"], tmp());
    const result = JSON.parse(out.stdout) as ResultJson;
    const logFile = join(tmp(), "log.txt");
    return {
      code: out.code,
      result,
      log: existsSync(logFile) ? readFileSync(logFile, "utf8") : "",
      stdout: out.stdout,
    };
  }

  it("an id past 2^53 - 1 reaches the next step, the rollback, --json and the record with its digits", async () => {
    const { code, result, log, stdout } = await run(
      created(`{"id": ${BIG}, "tags": [${NEXT}, 1e400]}`),
    );
    assert.equal(code, 0, stdout);
    assert.equal(log, `prior\nuse ${BIG}\n`);
    // The output as printed, a number still: in --json, result.json and the journal.
    const exactly = new RegExp(`"id": ?${BIG},\\s*"tags": ?\\[\\s*${NEXT},\\s*1e400\\s*\\]`);
    assert.match(stdout, exactly);
    const recorded = readFileSync(join(result.runDir, "result.json"), "utf8");
    assert.match(recorded, exactly);
    const journal = readFileSync(join(result.runDir, "journal.jsonl"), "utf8");
    assert.match(journal, exactly);
    for (const text of [stdout, recorded, journal]) assert.ok(!text.includes(ROUNDED), text);
    // Undone from the record alone: the id deleted is the one created.
    const rolled = await runCli(["rollback", "ids.momoflow"], tmp());
    assert.equal(rolled.code, 0, rolled.stderr);
    assert.equal(
      readFileSync(join(tmp(), "log.txt"), "utf8"),
      `prior\nuse ${BIG}\ndelete ${BIG}\nundo prior\n`,
    );
  });

  it("a resumed run reads the id back from the record with its digits", async () => {
    const workflow = printing(
      `{"id": ${BIG}}`,
      `  step use {
    needs: create
    run: "test -e ready && echo use \${steps.create.output.id} >> log.txt"
    rollback: none
  }
`,
      "; echo create >> log.txt",
    );
    const first = await run(workflow);
    assert.equal(first.code, 1, first.stdout);
    writeFileSync(join(tmp(), "ready"), "");
    const resumed = await runCli(["run", "ids.momoflow", "--resume", "--no-rollback"], tmp());
    assert.equal(resumed.code, 0, resumed.stderr);
    // create is reused, not run again: its output comes from the journal.
    assert.equal(readFileSync(join(tmp(), "log.txt"), "utf8"), `create\nuse ${BIG}\n`);
  });

  it("a condition compares such numbers by their exact value", async () => {
    const workflow = printing(
      `{"id": ${BIG}, "next": ${NEXT}, "same": ${BIG}.0}`,
      `  step below {
    needs: create
    when: steps.create.output.id < steps.create.output.next
    run: "echo below >> log.txt"
    rollback: none
  }
  step equal {
    needs: create
    when: steps.create.output.id == steps.create.output.next
    run: "echo equal >> log.txt"
    rollback: none
  }
  step same {
    needs: create
    when: steps.create.output.id == steps.create.output.same && steps.create.output.id > 9007199254740991
    run: "echo same >> log.txt"
    rollback: none
  }
`,
    );
    const { code, result, log } = await run(workflow);
    assert.equal(code, 0, JSON.stringify(result));
    assert.deepEqual(log.trim().split("\n").sort(), ["below", "same"]);
    assert.equal(result.steps.find((s) => s.id === "equal")!.status, "skipped");
  });

  it("a field read past such a number says it is that number", async () => {
    const workflow = printing(
      `{"id": ${BIG}}`,
      `  step use {
    needs: create
    run: "echo \${steps.create.output.id.text}"
    rollback: none
  }
`,
    );
    const { code, result } = await run(workflow);
    assert.equal(code, 1);
    assert.match(
      result.steps.find((s) => s.id === "use")!.error ?? "",
      new RegExp(
        `steps\\.create\\.output\\.id is the number ${BIG}, not an object: it has no field "text"`,
      ),
    );
  });

  it("the id printed as a string reaches the step, the rollback and the record exactly", async () => {
    const { code, result, log } = await run(created(`{"id": "${BIG}", "n": 9007199254740991}`));
    assert.equal(code, 0);
    assert.equal(log, `prior\nuse ${BIG}\n`);
    const rolled = await runCli(["rollback", "ids.momoflow"], tmp());
    assert.equal(rolled.code, 0, rolled.stderr);
    assert.equal(
      readFileSync(join(tmp(), "log.txt"), "utf8"),
      `prior\nuse ${BIG}\ndelete ${BIG}\nundo prior\n`,
    );
    assert.deepEqual(result.steps.find((s) => s.id === "create")!.output, {
      id: BIG,
      n: 9007199254740991,
    });
  });

  it("numbers that read back as written pass, digits in strings are text", async () => {
    const json = `{"id": 9007199254740991, "f": 0.1, "e": 1.5e3, "z": 0.0, "s": "${BIG} 1e400", "l": [1, 2.50]}`;
    const { code, result } = await run(created(json));
    assert.equal(code, 0, JSON.stringify(result));
    assert.deepEqual(result.steps.find((s) => s.id === "create")!.output, JSON.parse(json));
  });

  const params = `workflow p {
  param l: list = []
  param m: map = {}
  param a: any = ""
  param n: number = 0
  step show {
    run: "echo \${l} > l.txt; echo \${m} > m.txt; echo \${a} > a.txt; echo \${n} > n.txt"
    rollback: none
  }
}
`;

  const kept: [string, string, string][] = [
    ["l", `[${BIG}, 2]`, `${BIG} 2`],
    ["m", `{"id": ${BIG}}`, `{"id":${BIG}}`],
    ["a", BIG, BIG],
    ["a", "[1e400]", "1e400"],
    ["n", BIG, BIG],
    ["n", `${BIG}.5`, `${BIG}.5`],
  ];
  for (const [name, value, shown] of kept) {
    it(`--param ${name}=${value} reaches the step with its digits`, async () => {
      writeFileSync(join(tmp(), "p.momoflow"), params);
      const out = await runCli(["run", "p.momoflow", "--param", `${name}=${value}`], tmp());
      assert.equal(out.code, 0, out.stderr);
      assert.equal(readFileSync(join(tmp(), `${name}.txt`), "utf8"), `${shown}\n`);
    });
  }

  it("an int param past 2^53 - 1 is refused (exit 2), saying a number param keeps its digits", async () => {
    writeFileSync(
      join(tmp(), "i.momoflow"),
      'workflow p {\n  param i: int = 0\n  step show {\n    run: "echo ${i} > out.txt"\n    rollback: none\n  }\n}\n',
    );
    const out = await runCli(["run", "i.momoflow", "--param", `i=${BIG}`], tmp());
    assert.equal(out.code, 2, out.stderr);
    assert.match(
      out.stderr,
      /--param i: expected an int .*\(2\^53 - 1\), got "\d+": a `number` param keeps a larger one's digits/,
    );
    assert.ok(!existsSync(join(tmp(), "out.txt")), "nothing ran");
  });

  it("a list param with the id as a string keeps its digits", async () => {
    writeFileSync(join(tmp(), "p.momoflow"), params);
    const out = await runCli(["run", "p.momoflow", "--param", `l=["${BIG}", 2]`], tmp());
    assert.equal(out.code, 0, out.stderr);
    assert.equal(readFileSync(join(tmp(), "l.txt"), "utf8"), `${BIG} 2\n`);
  });
});
