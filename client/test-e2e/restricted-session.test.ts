/**
 * Part of `npm run test:e2e`: the same user in a workspace they have not
 * trusted (Restricted Mode). The language features work; nothing that
 * executes the workspace is offered, and asking for it says why.
 */
import * as assert from "node:assert/strict";
import { Editor } from "./editor";
import { UserSession } from "./session";
import { waitFor } from "./wait";
import { visible, Workbench } from "./workbench";

const STATUS_ITEM = "momoflow.momoflow.momoflow.status";

describe("the same user in Restricted Mode (an untrusted workspace)", function () {
  let session: UserSession;
  let workbench: Workbench;
  let passed = true;

  before(async function () {
    this.timeout(180_000);
    session = await UserSession.start("untrusted");
    workbench = new Workbench(session.page);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== "failed") return;
    passed = false;
    await session?.screenshot("r-failed").catch(() => undefined);
  });

  after(async function () {
    this.timeout(60_000);
    await session?.end(passed);
  });

  it("R1 the workflow's CodeLens offers Graph only; diagnostics still work", async () => {
    await workbench.quickOpen("broken.momoflow");
    const broken = new Editor(session.page, "broken.momoflow");
    await visible(broken.errorSquiggles, "the error squiggle under biuld", 30_000);

    await workbench.quickOpen("report.momoflow");
    const editor = new Editor(session.page, "report.momoflow");
    await editor.reveal("workflow weekly_report {");
    const titles = await waitFor(
      "the CodeLens above the workflow",
      async () => {
        const found = await editor.codeLensTitles();
        return found.length > 0 ? found : undefined;
      },
      { seen: () => editor.codeLensTitles() },
    );
    assert.deepEqual(titles, ["Graph"]);
    const status = await workbench.statusBarLabel(STATUS_ITEM);
    assert.match(status, /Restricted Mode/i, status);
    await session.screenshot("r1-restricted-lenses");
  });

  it("R2 momoflow: Run Workflow from the palette says why it does not run", async () => {
    await workbench.runCommand("momoflow: Run Workflow");
    const toast = session.page.locator(".notifications-toasts .notification-toast", {
      hasText: "Running workflows is disabled in Restricted Mode",
    });
    await visible(toast, "the Restricted Mode notification");
    const text = await toast.first().innerText();
    assert.match(text, /trust this workspace to run it/);
    assert.match(text, /Manage Workspace Trust/);
    await session.screenshot("r2-restricted-run");
  });
});
