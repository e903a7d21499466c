import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Writes into `dir` a workflow whose step is made and undone by js()
 * (`undo.mjs`) and needs a secret param, then fails (`js-undo.momoflow`):
 * a rollback of it must load the workflow again, so the param too.
 * @returns the workflow file's path.
 */
export function writeJsUndoWorkflow(dir: string): string {
  writeFileSync(
    join(dir, "undo.mjs"),
    'export async function make() { return "made"; }\nexport async function unmake() {}\n',
  );
  const file = join(dir, "js-undo.momoflow");
  writeFileSync(
    file,
    `workflow release {
  param api_key: secret
  step s {
    run: js("./undo.mjs", "make")
    rollback: js("./undo.mjs", "unmake")
  }
  step boom {
    needs: s
    run: "false"
    rollback: none
  }
}
`,
  );
  return file;
}

/**
 * Makes the journal of the run in `runDir` (of {@link writeJsUndoWorkflow}'s
 * workflow) as a record made before the record named an undo's function:
 * its rollback must then load the workflow again to find `unmake`.
 * @throws when the journal named no function to take out.
 */
export function withoutRecordedUndoFunction(runDir: string): void {
  const journal = join(runDir, "journal.jsonl");
  const text = readFileSync(journal, "utf8");
  const older = text.replace(/,"js":\{"module":"[^"]*","export":"unmake"\}/g, "");
  if (older === text) throw new Error(`the journal in ${runDir} named no undo function`);
  writeFileSync(journal, older);
}
