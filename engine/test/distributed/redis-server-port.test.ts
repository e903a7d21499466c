import assert from "node:assert/strict";
import { createServer, createConnection, type Server } from "node:net";
import { freePort, startRedisOn } from "../support/redis-server";

/** Listens on a port of its own: what another process holding the port Redis was to bind looks like. */
async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as { port: number }).port };
}

/** Redis's answer to PING on `port`. */
function ping(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(port, "127.0.0.1", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.end();
      resolve(data.toString());
    });
    socket.once("error", reject);
  });
}

describe("the tests' redis-server on a free port", function () {
  this.timeout(30_000);

  it("a port taken by another process between its pick and Redis's bind is given up for the next one", async () => {
    const held = await holdPort();
    const picked: number[] = [];
    const picks = [held.port];
    try {
      const redis = await startRedisOn(async () => {
        const port = picks.shift() ?? (await freePort());
        picked.push(port);
        return port;
      });
      try {
        assert.equal(picked.length, 2, `ports picked: ${picked.join(", ")}`);
        assert.equal(redis.port, picked[1]);
        assert.notEqual(redis.port, held.port);
        assert.equal(await ping(redis.port), "+PONG\r\n");
      } finally {
        await redis.stop();
      }
    } finally {
      held.server.close();
    }
  });

  it("says why when every port it was given is taken", async () => {
    const held = await holdPort();
    try {
      await assert.rejects(
        startRedisOn(async () => held.port),
        (error: Error) => /Address already in use/.test(error.message),
      );
    } finally {
      held.server.close();
    }
  });
});
