import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LanguageWorkspace } from "../../src/language/workspace";
import { useTempDir } from "../support/temp-dir";

/** An imported library: a release whose steps undo, a notification nothing undoes, nested in a call. */
const LIB = `workflow notify {
  step post {
    run: "curl -X POST https://example.invalid/hook"
  }
}

workflow release {
  step bump {
    run: create_file(path: "VERSION", content: "1.4.0")
  }
  step announce {
    needs: bump
    run: workflow notify()
  }
}
`;

describe("MF011 through workflow calls", () => {
  const tmp = useTempDir("momoflow-mf011-calls-");

  function check(main: string) {
    mkdirSync(join(tmp(), "lib"), { recursive: true });
    writeFileSync(join(tmp(), "lib", "release.momoflow"), LIB);
    const path = join(tmp(), "main.momoflow");
    writeFileSync(path, `import "./lib/release.momoflow"\n\n${main}`);
    return new LanguageWorkspace().check(path).diagnostics.filter((d) => d.code === "MF011");
  }

  it("reports a call whose nested called step cannot be undone, before a reversible step of the caller", () => {
    const [diagnostic, ...others] = check(`workflow ship {
  step release {
    run: workflow release()
  }
  step write {
    needs: release
    run: create_file(path: "out.txt", content: "x")
  }
}
`);
    assert.deepEqual(others, []);
    assert.ok(diagnostic, "an MF011");
    assert.equal(
      diagnostic.message,
      'step "release" calls a workflow whose step "release/announce/post" cannot be undone, but the reversible step "write" may run after it: if a later step fails, the rollback cannot undo everything. Give "release/announce/post" a rollback (`rollback: none` if it changes nothing), or make it run last',
    );
    assert.deepEqual(diagnostic.range.start, { line: 3, character: 7 });
    // The called step's declaration, in the imported file, is related information.
    const called = diagnostic.related?.find((r) => r.path.endsWith("release.momoflow"));
    assert.ok(called, JSON.stringify(diagnostic.related));
    assert.deepEqual(called.range.start, { line: 1, character: 7 });
  });

  it("reports an irreversible step before a call whose steps can be undone, naming the called step", () => {
    const diagnostics = check(`workflow deploy {
  step ping {
    run: "echo ping"
  }
  step release {
    needs: ping
    run: workflow release()
  }
}
`);
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start, d.message.split(":")[0]]),
      [
        [
          { line: 3, character: 7 },
          'step "ping" cannot be undone, but the reversible step "release/bump" may run after it',
        ],
      ],
    );
  });

  it("reports nothing when the irreversible steps come last, in the call or after it", () => {
    const diagnostics = check(`workflow last {
  step write {
    run: create_file(path: "out.txt", content: "x")
  }
  step release {
    needs: write
    run: workflow release()
  }
  step done {
    needs: release
    run: "echo done"
  }
}
`);
    assert.deepEqual(diagnostics, []);
  });
});
