/**
 * Part of `npm run test:e2e`: the same user in a workspace they have not
 * trusted (Restricted Mode). The language features work; nothing that
 * executes the workspace is offered, and asking for it says why.
 */
import * as assert from "node:assert/strict";
import { Editor } from "./editor";
import { useSession } from "./session-hooks";
import { waitFor } from "./wait";
import { visible } from "./workbench";

const STATUS_ITEM = "momoflow.momoflow.momoflow.status";

describe("the same user in Restricted Mode (an untrusted workspace)", function () {
  const handle = useSession("untrusted");

  it("R1 the workflow's CodeLens offers Graph only; diagnostics still work", async () => {
    await handle.workbench.quickOpen("broken.momoflow");
    const broken = new Editor(handle.session.page, "broken.momoflow");
    await visible(broken.errorSquiggles, "the error squiggle under biuld", 30_000);

    await handle.workbench.quickOpen("report.momoflow");
    const editor = new Editor(handle.session.page, "report.momoflow");
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
    const status = await handle.workbench.statusBarLabel(STATUS_ITEM);
    assert.match(status, /Restricted Mode/i, status);
    await handle.session.screenshot("r1-restricted-lenses");
  });

  it("R2 momoflow: Run Workflow from the palette says why it does not run", async () => {
    await handle.workbench.runCommand("momoflow: Run Workflow");
    const toast = handle.session.page.locator(".notifications-toasts .notification-toast", {
      hasText: "Running workflows is disabled in Restricted Mode",
    });
    await visible(toast, "the Restricted Mode notification");
    const text = await toast.first().innerText();
    assert.match(text, /trust this workspace to run it/);
    assert.match(text, /Manage Workspace Trust/);
    await handle.session.screenshot("r2-restricted-run");
  });
});
