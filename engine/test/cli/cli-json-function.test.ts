import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";

/**
 * `${json(x)}` through the real CLI: a step writes a fan-out's outputs, a
 * JSON output's field and a list param as JSON into files that later steps
 * read with `output: json`; `momoflow check` agrees with the run.
 */
describe("json(value) in interpolations through the real CLI", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-json-function-");
  const file = (): string => join(tmp(), "flow.momoflow");
  const read = (name: string): string => readFileSync(join(tmp(), name), "utf8");
  const cli = (args: string[], env: Record<string, string> = {}): Promise<CliOutcome> =>
    startCli(args, tmp(), env).done;
  const NAMES = ['eu "west"', "ünï €", "two\nlines", "it's", "back\\slash"];

  it("writes fan-out outputs, a JSON output's field and a list param as JSON that later steps read", async () => {
    writeFileSync(
      file(),
      `workflow publish {
  param names: list = ["eu \\"west\\"", "ünï €", "two\\nlines", "it's", "back\\\\slash"]
  step push {
    for_each: name in names
    run: "printf '%s' \${name}"
    rollback: none
  }
  step regions {
    needs: push
    run: "echo \${json(steps.push.outputs)} > regions.json && echo '{\\"regions\\": \${json(names)}}' > params.json"
    rollback: "rm -f regions.json params.json"
  }
  step read_back {
    needs: regions
    run: "cat regions.json"
    output: json
    rollback: none
  }
  step site {
    run: "echo '{\\"site\\": {\\"name\\": \\"home\\", \\"ports\\": [80, 443], \\"tag\\": null}}'"
    output: json
    rollback: none
  }
  step field {
    needs: [read_back, site]
    run: create_file(path: "field.json", content: "{\\"site\\": \${json(steps.site.output.site)}, \\"first\\": \${json(steps.read_back.output[0])}}")
  }
  step field_back {
    needs: field
    run: "cat field.json"
    output: json
    rollback: none
  }
}
`,
    );
    const checked = await cli(["check", file()]);
    assert.equal(checked.code, 0, said(checked));
    const out = await cli(["run", file()]);
    assert.equal(out.code, 0, said(out));
    assert.deepEqual(JSON.parse(read("regions.json")), NAMES);
    assert.deepEqual(JSON.parse(read("params.json")), { regions: NAMES });
    assert.deepEqual(JSON.parse(read("field.json")), {
      site: { name: "home", ports: [80, 443], tag: null },
      first: 'eu "west"',
    });
    // The steps that read them back as `output: json` have them as values.
    const runs = join(tmp(), ".momoflow", "runs");
    const id = readdirSync(runs)
      .filter((n) => n !== "latest")
      .sort()
      .at(-1)!;
    const result = JSON.parse(readFileSync(join(runs, id, "result.json"), "utf8")) as {
      steps: { id: string; output?: unknown }[];
    };
    const output = (step: string): unknown => result.steps.find((s) => s.id === step)?.output;
    assert.deepEqual(output("read_back"), NAMES);
    assert.deepEqual(output("field_back"), {
      site: { name: "home", ports: [80, 443], tag: null },
      first: 'eu "west"',
    });
  });

  it("masks a secret inside json() in the logs and the record, and keeps it a reference in the undo the record holds", async () => {
    const secret = "pa\"ss'w0rd";
    writeFileSync(
      file(),
      `workflow deploy {
  param token: secret = env.JSON_TOKEN
  step send {
    run: "echo \${json(token)} > sent.json && cat sent.json"
    rollback: create_file(path: "undone.json", content: "\${json(token)}")
  }
}
`,
    );
    const env = { JSON_TOKEN: secret };
    const out = await cli(["run", file()], env);
    assert.equal(out.code, 0, said(out));
    assert.equal(JSON.parse(read("sent.json")), secret);
    assert.match(out.stdout, /send\s+\| "\*\*\*"/);
    const runs = join(tmp(), ".momoflow", "runs");
    const id = readdirSync(runs)
      .filter((n) => n !== "latest")
      .sort()
      .at(-1)!;
    const journal = readFileSync(join(runs, id, "journal.jsonl"), "utf8");
    for (const text of [
      out.stdout,
      out.stderr,
      journal,
      read(`.momoflow/runs/${id}/logs/send.log`),
    ])
      assert.ok(!text.includes("w0rd"), text);
    assert.match(journal, /\{"\$fn":"json","of":\{"\$ref":"env\.JSON_TOKEN"\}\}/);
    // `momoflow rollback` resolves the reference from its own environment.
    const undone = await cli(["rollback", file()], env);
    assert.equal(undone.code, 0, said(undone));
    assert.equal(JSON.parse(read("undone.json")), secret);
  });
});
