import { Controller, Get, Inject, Param, UsePipes, ValidationPipe } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, type Principal } from '@vigil/auth';
import { ChangeSubjectTypes, type ChangeSubjectType } from '@vigil/contracts';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { ReadAuditChainUseCase } from '../../application/read-audit-chain.use-case';
import type { ChainVerdict, StoredAuditEntry } from '../../domain/audit-chain';

class AuditSubjectParams {
  @ApiProperty({ enum: ChangeSubjectTypes })
  @IsIn(ChangeSubjectTypes)
  type!: ChangeSubjectType;

  @ApiProperty({ description: 'the alert, queue item or incident id' })
  @IsString()
  @MaxLength(256)
  @Matches(/^[\w.:@-]+$/, { message: 'id may hold letters, digits and . : @ _ - only' })
  id!: string;
}

/**
 * The tamper-evident audit trail: every change to an alert's triage or to an incident, per subject,
 * and a check that the chain is unbroken. Read within the caller's agency scope.
 */
@ApiTags('audit')
@Controller('v1/audit')
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
export class AuditController {
  constructor(@Inject(ReadAuditChainUseCase) private readonly chains: ReadAuditChainUseCase) {}

  @Get(':type/:id')
  @Permission('incidents:read')
  @ApiOperation({
    summary: "A subject's audit entries, oldest first, each with its hash and the previous one's",
  })
  async entries(
    @Param() subject: AuditSubjectParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ chain: string; entries: StoredAuditEntry[] }> {
    const entries = await this.chains.entries(subject, principal);
    return { chain: `${subject.type}:${subject.id}`, entries };
  }

  @Get(':type/:id/verify')
  @Permission('incidents:read')
  @ApiOperation({
    summary: "Verifies a subject's audit chain: valid, or the first broken link (seq, change id, reason)",
  })
  verify(
    @Param() subject: AuditSubjectParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChainVerdict> {
    return this.chains.verify(subject, principal);
  }
}
