import { Expose, Type } from 'class-transformer';
import {
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { NormalizedEvent } from './normalized-event';

class EventCoreV1 {
  @Expose() @IsString() @IsNotEmpty() @MaxLength(256) id!: string;
  @Expose() @IsString() original!: string;
  @Expose() @IsISO8601({ strict: true }) ingested!: string;
}

class OrganizationV1 {
  @Expose() @IsString() @IsNotEmpty() id!: string;
}

/** `vigil.events.v1`: one normalized event (see NormalizedEvent for the field set). */
export class EventMessageV1 {
  @Expose() @IsISO8601({ strict: true }) '@timestamp'!: string;
  @Expose() @ValidateNested() @Type(() => EventCoreV1) event!: EventCoreV1;
  @Expose() @ValidateNested() @Type(() => OrganizationV1) organization!: OrganizationV1;
  @Expose() @IsOptional() @IsObject() host?: object;
}

/** Agency + host: one source's events stay in order on one partition. */
export const eventKeyV1 = (event: NormalizedEvent): string =>
  `${event.organization.id}:${event.host?.name ?? event.host?.hostname ?? ''}`;

export const exampleEventV1 = (): NormalizedEvent => ({
  '@timestamp': '2026-11-27T03:12:45.000Z',
  event: {
    id: '0b6e7f7e-8a4e-4f0e-9d51-2c7f0f4f3a11',
    kind: 'event',
    category: ['authentication'],
    type: ['start'],
    action: 'ssh_login',
    outcome: 'failure',
    dataset: 'system.auth',
    original: 'Nov 27 10:12:45 web01 sshd[2211]: Failed password for root from 203.0.113.7 port 52144 ssh2',
    ingested: '2026-11-27T03:12:45.120Z',
  },
  organization: { id: 'so-tttt' },
  host: { name: 'web01' },
  source: { ip: '203.0.113.7', port: 52144 },
  user: { name: 'root' },
  process: { name: 'sshd', pid: 2211 },
  message: 'Failed password for root from 203.0.113.7 port 52144 ssh2',
  vigil: { format: 'rfc3164', input: 'syslog-tcp' },
});
