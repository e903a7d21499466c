import { Writable } from "node:stream";

/** A pipe that keeps what is written to it, as text. */
export class CollectedOutput extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}
