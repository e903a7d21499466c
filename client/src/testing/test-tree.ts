import * as vscode from "vscode";
import type { TestRange } from "./test-results";
import type { DiscoveredTest } from "./discovered-tests";

/** What a test item stands for: a `.momoflow` file, or one `test` block of it. */
export type TestItemData =
  | { readonly kind: "file"; readonly uri: vscode.Uri }
  | { readonly kind: "test"; readonly uri: vscode.Uri; readonly name: string };

/**
 * The Testing panel's tree: one item per `.momoflow` file that has tests
 * (id: the file's URI), its children the file's tests (id: the test's name).
 * Items are updated in place, so a test keeps its last result across edits.
 */
export class TestTree {
  private readonly data = new WeakMap<vscode.TestItem, TestItemData>();

  constructor(private readonly controller: vscode.TestController) {}

  /** What an item stands for (undefined for an item this tree did not make). */
  dataOf(item: vscode.TestItem): TestItemData | undefined {
    return this.data.get(item);
  }

  /** The file's item, if it is listed. */
  fileItem(uri: vscode.Uri): vscode.TestItem | undefined {
    return this.controller.items.get(uri.toString());
  }

  /** Every listed file's item, by path (the order a run of everything goes in). */
  fileItems(): vscode.TestItem[] {
    const items: vscode.TestItem[] = [];
    this.controller.items.forEach((item) => items.push(item));
    return items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The test items of a file item, in source order. */
  testItems(fileItem: vscode.TestItem): vscode.TestItem[] {
    const items: vscode.TestItem[] = [];
    fileItem.children.forEach((item) => items.push(item));
    return items.sort((a, b) => (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0));
  }

  /** The test named `name` in the file, if listed (the first, for a repeated name). */
  testItem(uri: vscode.Uri, name: string): vscode.TestItem | undefined {
    // The first test with a name has the name as id (discovered-tests.ts).
    return this.fileItem(uri)?.children.get(name);
  }

  /**
   * Sets a file's tests: the file is listed when it has some and removed
   * when it has none. Existing items are kept and updated.
   */
  setTests(uri: vscode.Uri, tests: readonly DiscoveredTest[]): void {
    if (tests.length === 0) {
      this.removeFile(uri);
      return;
    }
    let file = this.fileItem(uri);
    if (!file) {
      file = this.controller.createTestItem(uri.toString(), fileLabel(uri), uri);
      this.data.set(file, { kind: "file", uri });
      this.controller.items.add(file);
    }
    file.description = folderDescription(uri);
    file.sortText = vscode.workspace.asRelativePath(uri, true);
    file.canResolveChildren = false;
    const children = tests.map((test) => {
      let item = file.children.get(test.id);
      if (!item) {
        item = this.controller.createTestItem(test.id, test.name, uri);
        this.data.set(item, { kind: "test", uri, name: test.name });
      }
      item.range = toRange(test.range);
      item.description = test.workflow;
      return item;
    });
    file.children.replace(children);
    file.range = undefined;
    file.busy = false;
    file.error = undefined;
  }

  /** Shows that a file's tests could not be read (the item stays, with the reason). */
  setFileError(uri: vscode.Uri, message: string): void {
    const file = this.fileItem(uri);
    if (file) file.error = message;
  }

  /** Removes a file, or every file under a deleted folder. */
  removeFile(uri: vscode.Uri): void {
    const gone = uri.toString();
    const prefix = gone.endsWith("/") ? gone : `${gone}/`;
    for (const item of this.fileItems())
      if (item.id === gone || item.id.startsWith(prefix)) this.controller.items.delete(item.id);
  }
}

export function toRange(range: TestRange): vscode.Range {
  return new vscode.Range(
    range.start.line,
    range.start.character,
    range.end.line,
    range.end.character,
  );
}

function fileLabel(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf("/") + 1);
}

/** The file's folder relative to the workspace ("" at the root). */
function folderDescription(uri: vscode.Uri): string | undefined {
  const relative = vscode.workspace.asRelativePath(
    uri,
    vscode.workspace.workspaceFolders?.length !== 1,
  );
  const slash = relative.lastIndexOf("/");
  return slash > 0 ? relative.slice(0, slash) : undefined;
}
