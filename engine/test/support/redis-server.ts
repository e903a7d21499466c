/** The tests start Debian's redis-server as the benchmark does: one place for both. */
export {
  freePort,
  startRedis,
  startRedisOn,
  type RedisOptions,
  type RedisServer,
} from "../../src/distributed/redis-server-process";
