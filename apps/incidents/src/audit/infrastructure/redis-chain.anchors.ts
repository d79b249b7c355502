import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, redisScript, type RedisScript } from '@vigil/redis';
import type { Redis } from 'ioredis';
import type { ChainAnchor } from '../domain/audit-chain';
import { ChainAnchors } from '../application/audit-log';

export const AUDIT_ANCHORS_KEY = Symbol('vigil.incidents.audit-anchors-key');

// Moves a chain's anchor only forward: appends that finish out of order leave the highest.
const ADVANCE = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local seq = tonumber(string.match(current, '^(%d+):'))
  if seq and seq >= tonumber(ARGV[2]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. ARGV[3])
return 1
`;

/** Every chain's head as `<seq>:<hash>` in one Redis hash. */
@Injectable()
export class RedisChainAnchors extends ChainAnchors {
  private readonly advanceScript: RedisScript;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(AUDIT_ANCHORS_KEY) private readonly key: string,
  ) {
    super();
    this.advanceScript = redisScript(redis, ADVANCE);
  }

  async get(chain: string): Promise<ChainAnchor | undefined> {
    const value = await this.redis.hget(this.key, chain);
    const [, seq, hash] = (value && /^(\d+):([0-9a-f]{64})$/.exec(value)) || [];
    return seq && hash ? { seq: Number(seq), hash } : undefined;
  }

  async advance(chain: string, to: ChainAnchor): Promise<void> {
    await this.advanceScript([this.key], [chain, to.seq, to.hash]);
  }
}
