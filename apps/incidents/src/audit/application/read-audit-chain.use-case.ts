import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import { verifyChain, type ChainVerdict, type StoredAuditEntry } from '../domain/audit-chain';
import { AuditError, AuditErrorCode } from '../domain/audit.error';
import { AuditLog, ChainAnchors } from './audit-log';
import type { AuditSubject } from './audit-trail';
import { chainOf } from './chained-audit-trail';

/**
 * One subject's audit chain, and whether it still verifies: every entry's hash recomputed, every
 * link to the previous entry checked, the head compared with the anchor kept in Redis.
 * A chain outside the caller's scope answers as one that does not exist.
 */
@Injectable()
export class ReadAuditChainUseCase {
  constructor(
    @Inject(AuditLog) private readonly log: AuditLog,
    @Inject(ChainAnchors) private readonly anchors: ChainAnchors,
  ) {}

  async entries(subject: AuditSubject, principal: Principal): Promise<StoredAuditEntry[]> {
    const entries = await this.log.chain(chainOf(subject), principal.scope);
    if (!entries) throw notFound(subject);
    return entries;
  }

  async verify(subject: AuditSubject, principal: Principal): Promise<ChainVerdict> {
    const chain = chainOf(subject);
    const entries = await this.entries(subject, principal);
    return verifyChain(chain, entries, await this.anchors.get(chain));
  }
}

function notFound(subject: AuditSubject): AuditError {
  return new AuditError(AuditErrorCode.ChainNotFound, `no audit entries for ${subject.type} ${subject.id}`);
}
