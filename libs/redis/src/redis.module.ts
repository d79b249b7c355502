import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService, TerminusModule, type HealthIndicatorResult } from '@nestjs/terminus';
import { SERVICE_CONFIG, tlsOptionsFrom, type RedisSecurity, type ServiceConfig } from '@vigil/config';
import { Redis, type RedisOptions } from 'ioredis';

/** DI token of the shared ioredis client (inject it only in infrastructure adapters). */
export const REDIS_CLIENT = Symbol('vigil.redis-client');

/**
 * A Redis client that reconnects on its own and fails commands fast while disconnected
 * (no unbounded offline queue), so callers see an error rather than hanging.
 */
export function createRedisClient(url: string, security: RedisSecurity = {}): Redis {
  const explicit = security.password !== undefined;
  return new Redis(explicit ? withoutUserinfo(url) : url, {
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectTimeout: 3000,
    retryStrategy: (attempt) => Math.min(5000, 100 * 2 ** attempt),
    ...redisSecurityOptions(security),
  });
}

/** ioredis's `username`, `password` and `tls` for the configured security. */
export function redisSecurityOptions(
  security: RedisSecurity,
): Pick<RedisOptions, 'username' | 'password' | 'tls'> {
  return {
    ...(security.username !== undefined ? { username: security.username } : {}),
    ...(security.password !== undefined ? { password: security.password } : {}),
    ...(security.tls ? { tls: { rejectUnauthorized: true, ...tlsOptionsFrom(security.tls) } } : {}),
  };
}

/** ioredis lets a URL's userinfo win over options, so the configured credentials take it out. */
function withoutUserinfo(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}

@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'redis'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    try {
      await withTimeout(this.redis.ping(), 2000);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: String(error) });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => {
      this.redis.disconnect();
    });
  }
}

@Module({})
export class RedisModule {
  static forRoot(): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      imports: [TerminusModule],
      providers: [
        {
          provide: REDIS_CLIENT,
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) => createRedisClient(config.redisUrl, config.redisSecurity),
        },
        RedisHealthIndicator,
      ],
      exports: [REDIS_CLIENT, RedisHealthIndicator],
    };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`no answer within ${ms} ms`));
      }, ms);
    }),
  ]).finally(() => {
    clearTimeout(timer);
  });
}
