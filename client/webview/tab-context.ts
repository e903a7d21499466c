import type { DataMessage, PageToHostMessage, TabId } from "../src/webview/protocol";
import type { Palette } from "./theme";

/** What a tab's renderer gets: its (emptied) panel, the data, and the way back to the host. */
export interface TabContext {
  tab: TabId;
  root: HTMLElement;
  data: DataMessage;
  palette: Palette;
  post(message: PageToHostMessage): void;
}
