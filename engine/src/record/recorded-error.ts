/**
 * `message` cut so that its JSON text takes at most `maxBytes` bytes, ending
 * with how many characters were left out. A journal line must fit the room
 * kept for it on a full disk (see `JournalReserve`); an error is the one
 * field of an undo's line whose length nobody bounds (a `js()` undo may throw
 * a megabyte). The whole message still reaches the terminal and the log.
 */
export function cutToRecord(message: string, maxBytes: number): string {
  let bytes = jsonBytes(message);
  if (bytes <= maxBytes) return message;
  let keep = message.length;
  let cut = message;
  while (bytes > maxBytes && keep > 0) {
    // Shrink in proportion to the excess, a little more each turn, so a few turns do.
    keep = Math.max(0, Math.floor((keep * maxBytes) / bytes) - 16);
    // Never keep half of a surrogate pair.
    if (keep > 0 && isHighSurrogate(message.charCodeAt(keep - 1))) keep--;
    cut = `${message.slice(0, keep)}… (${message.length - keep} more characters not recorded)`;
    bytes = jsonBytes(cut);
  }
  return cut;
}

/** Bytes of `text` as a JSON string's content (UTF-8, escapes included, quotes not). */
function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text)) - 2;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
