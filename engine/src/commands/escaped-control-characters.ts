/**
 * Colour and style (SGR: `ESC [ … m`): presentation only, which says nothing
 * of why a program failed; left out of what momoflow shows of its output.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const COLOUR = /\x1b\[[0-9;:]*m/g;

/** C0 control characters but tab and newline, DEL, and the C1 ones (U+0080–U+009F: 8-bit CSI, OSC, …). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * `text` (a program's output) made safe to show inside momoflow's own
 * messages: colours left out, every other control character but tab and
 * newline written as `\xHH` (ESC as `\x1b`), so output relayed in an error
 * cannot move the cursor, clear the screen, retitle the window or hide text
 * in the user's terminal — as git masks those of a remote's messages (`^[`
 * for ESC; colours it lets through to the terminal, where this text also goes
 * into records and JSON). What the program printed stays as it was in its log
 * and its live output.
 */
export function escapedControlCharacters(text: string): string {
  return text.replace(COLOUR, "").replace(CONTROL, hexEscape);
}

function hexEscape(character: string): string {
  return `\\x${character.charCodeAt(0).toString(16).padStart(2, "0")}`;
}
