import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { AGENCY_INPUTS, type AgencyInput } from '../../domain/agency';

export class ContactDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 50) phone?: string;
}

export class QuotasDto {
  @ApiPropertyOptional({ example: 5000 }) @IsOptional() @IsInt() @Min(1) events_per_second?: number;
  @ApiPropertyOptional({ example: 5242880 }) @IsOptional() @IsInt() @Min(1) bytes_per_second?: number;
}

export class SyslogSourcesDto {
  @ApiPropertyOptional({ example: ['198.51.100.0/24'], description: 'Addresses or CIDR ranges (IPv4/IPv6)' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  cidrs?: string[];

  @ApiPropertyOptional({ description: 'SHA-256 fingerprints of TLS client certificates' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  cert_fingerprints?: string[];

  @ApiPropertyOptional({
    example: ['10.20.0.0/16'],
    description:
      'Ranges on a trusted network (leased line, provincial VPN) where source addresses cannot be forged; ' +
      'syslog over UDP is accepted only from these',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  trusted_networks?: string[];
}

class AgencySettingsDto {
  @ApiPropertyOptional({ type: ContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;
  @ApiPropertyOptional({ example: 'Asia/Ho_Chi_Minh' }) @IsOptional() @IsString() timezone?: string;
  @ApiPropertyOptional({ type: QuotasDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuotasDto)
  quotas?: QuotasDto;
  @ApiPropertyOptional({ type: SyslogSourcesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SyslogSourcesDto)
  syslog_sources?: SyslogSourcesDto;
  @ApiPropertyOptional({
    description: 'Minutes without events before a "log source silent" alert; 0 = never',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  silence_window_minutes?: number;
  @ApiPropertyOptional({ example: 365 }) @IsOptional() @IsInt() @Min(1) @Max(36500) retention_days?: number;
  @ApiPropertyOptional({
    example: ['http', 'syslog-tls'],
    description: 'The inputs the agency may use (default: all of http, syslog-udp, syslog-tcp, syslog-tls)',
  })
  @IsOptional()
  @IsArray()
  @IsIn(AGENCY_INPUTS, { each: true })
  inputs?: AgencyInput[];
}

export class CreateAgencyDto extends AgencySettingsDto {
  @ApiProperty({ example: 'so-tttt', description: 'Lowercase letters, digits and dashes' })
  @IsString()
  id!: string;
  @ApiProperty({ example: 'Sở Thông tin và Truyền thông' }) @IsString() @Length(1, 200) name!: string;
}

export class UpdateAgencyDto extends AgencySettingsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
}

export class RotateKeyDto {
  @ApiPropertyOptional({
    description: 'Keep the previous keys valid this many seconds (switch-over)',
    example: 0,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3600)
  grace_seconds?: number;
}

export class SystemDto {
  @ApiProperty({ example: 'Cổng thông tin điện tử' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @IsIn([1, 2, 3, 4, 5]) security_level!: 1 | 2 | 3 | 4 | 5;
  @ApiProperty() @IsString() @Length(1, 200) owner!: string;
  @ApiProperty() @IsString() @Length(1, 200) operator!: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  hostnames?: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  address_ranges?: string[];
  @ApiPropertyOptional({ description: 'On the list of critical national information systems' })
  @IsOptional()
  @IsBoolean()
  critical?: boolean;
}
