import { Expose } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Min,
} from 'class-validator';

export interface DirectoryRecordV1 {
  kind: 'agency' | 'system';
  id: string;
  agency_id: string;
  version: number;
  deleted?: boolean;
  /** The agency or information-system record (never secrets: API keys are not in it). */
  record: Record<string, unknown>;
  changed_at: string;
}

/** `vigil.directory.v1` (compacted): agencies and their information systems, cached by services. */
export class DirectoryRecordMessageV1 {
  @Expose() @IsIn(['agency', 'system']) kind!: string;
  @Expose() @IsString() @IsNotEmpty() id!: string;
  @Expose() @IsString() @IsNotEmpty() agency_id!: string;
  @Expose() @IsInt() @Min(1) version!: number;
  @Expose() @IsOptional() @IsBoolean() deleted?: boolean;
  @Expose() @IsObject() record!: Record<string, unknown>;
  @Expose() @IsISO8601({ strict: true }) changed_at!: string;
}

export const directoryRecordKeyV1 = (record: DirectoryRecordV1): string => `${record.kind}:${record.id}`;

export const exampleDirectoryRecordV1 = (): DirectoryRecordV1 => ({
  kind: 'system',
  id: 'so-tttt-portal',
  agency_id: 'so-tttt',
  version: 1,
  record: {
    name: 'Cổng thông tin điện tử',
    security_level: 3,
    owner: 'Sở Thông tin và Truyền thông',
    operator: 'Trung tâm CNTT',
    hostnames: ['portal.example.gov.vn'],
    address_ranges: ['198.51.100.0/28'],
  },
  changed_at: '2026-11-27T00:00:00.000Z',
});
