import type { Hover, MarkupContent } from "vscode-languageserver-protocol/node";
import type { LspTestClient } from "./lsp-client";
import { at } from "./text-position";

/** The server's hover at `needle` in `text` (moved by `shift` characters), the document at `uri`. */
export function hoverAt(
  client: LspTestClient,
  uri: string,
  text: string,
  needle: string,
  shift = 0,
): Promise<Hover | null> {
  return client.request<Hover | null>("textDocument/hover", {
    textDocument: { uri },
    position: at(text, needle, shift),
  });
}

/** A hover's markdown; "" for none. */
export function markdownOf(hover: Hover | null): string {
  return (hover?.contents as MarkupContent | undefined)?.value ?? "";
}
