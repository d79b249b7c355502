import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ROLES, type Role } from '@vigil/auth';

export class LoginDto {
  @ApiProperty({ example: 'an.nguyen' }) @IsString() @Length(1, 64) name!: string;
  @ApiProperty() @IsString() @Length(1, 256) password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token of the last login or refresh (vgr_…)' })
  @IsString()
  @Length(1, 200)
  refresh_token!: string;
}

export class SetPasswordDto {
  @ApiProperty({ description: 'The one-time token of the set-password link (vgs_…)' })
  @IsString()
  @Length(1, 200)
  token!: string;
  @ApiProperty({ description: '12–256 characters' }) @IsString() @Length(1, 256) password!: string;
}

export class ScopeDto {
  @ApiProperty({
    description: '"*" for every agency (SOC roles), otherwise the agency ids',
    example: ['so-tttt'],
  })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  agencies!: string[];
  @ApiPropertyOptional({ description: 'Assessors: the period starts (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  valid_from?: string;
  @ApiPropertyOptional({ description: 'Assessors: the period ends (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  valid_until?: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'an.nguyen', description: 'Login name: lowercase letters, digits, . _ -' })
  @IsString()
  @Length(3, 64)
  name!: string;
  @ApiPropertyOptional({ example: 'Nguyễn Văn An' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  display_name?: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
  @ApiPropertyOptional({
    type: ScopeDto,
    description: 'Required for agency users and assessors; "*" otherwise',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScopeDto)
  scope?: ScopeDto;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) display_name?: string;
  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];
  @ApiPropertyOptional({ type: ScopeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScopeDto)
  scope?: ScopeDto;
}

export class CreateTokenDto {
  @ApiProperty({ example: 'rule sync from CI' }) @IsString() @Length(1, 100) name!: string;
  @ApiPropertyOptional({
    enum: ROLES,
    isArray: true,
    description: "Some of the owner's roles (default: all)",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];
  @ApiPropertyOptional({ example: 90, description: '1–365 days (default 90)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  expires_in_days?: number;
}
