import { Logger } from '@nestjs/common';
import { tlsOptionsFrom, type KafkaSecurity } from '@vigil/config';
import { Kafka, logLevel, type Admin, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';

export interface KafkaConnectionOptions {
  clientId: string;
  brokers: string[];
  /** Prefix of physical topic and group names; `vigil` means none (the contract names as they are). */
  namespace: string;
  /** SASL and TLS (VIGIL_KAFKA_SASL_*, VIGIL_KAFKA_TLS*); none: plaintext without authentication. */
  security?: KafkaSecurity;
}

const levels: Partial<Record<number, 'error' | 'warn' | 'log' | 'debug'>> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs logs through Nest's logger (JSON via pino in the services). */
function logCreator() {
  const logger = new Logger('kafkajs');
  return ({ level, log }: LogEntry): void => {
    const { message, ...extra } = log;
    const method = levels[level] ?? 'debug';
    logger[method]({ msg: message, ...extra });
  };
}

/** One Kafka client per process, and the namespace that maps contract names to physical ones. */
export class KafkaConnection {
  readonly kafka: Kafka;
  private admin: Promise<Admin> | undefined;

  constructor(readonly options: KafkaConnectionOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator,
      retry: { initialRetryTime: 100, retries: 8, maxRetryTime: 5000 },
      connectionTimeout: 3000,
      requestTimeout: 30000,
      ...kafkaSecurityOptions(options.security),
    });
  }

  /** The physical topic for a contract topic name. */
  topic(name: string): string {
    return physicalName(this.options.namespace, name);
  }

  /** The physical consumer group id for a logical one. */
  group(groupId: string): string {
    return physicalName(this.options.namespace, groupId);
  }

  /** A long-lived admin client for frequent small calls (health checks). */
  async sharedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = undefined;
      throw error;
    });
    return this.admin;
  }

  async close(): Promise<void> {
    const admin = await this.admin?.catch(() => undefined);
    this.admin = undefined;
    await admin?.disconnect();
  }

  /** Runs `work` with a connected admin client, always disconnecting it. */
  async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }
}

/** kafkajs's `sasl` and `ssl` settings for the configured security. */
export function kafkaSecurityOptions(security: KafkaSecurity | undefined): Pick<KafkaConfig, 'sasl' | 'ssl'> {
  const sasl = security?.sasl;
  return {
    ...(sasl ? { sasl: saslOptions(sasl) } : {}),
    // Node verifies the broker's chain and host name by default; the CA file only widens what it trusts.
    ...(security?.tls ? { ssl: { rejectUnauthorized: true, ...tlsOptionsFrom(security.tls) } } : {}),
  };
}

function saslOptions(sasl: NonNullable<KafkaSecurity['sasl']>): SASLOptions {
  const { username, password } = sasl;
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}

export function physicalName(namespace: string, name: string): string {
  return namespace === 'vigil' ? name : `${namespace}.${name}`;
}
