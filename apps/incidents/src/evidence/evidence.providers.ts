import type { Provider, Type } from '@nestjs/common';
import type { IndexTemplate } from '@vigil/search';
import { AddEvidenceUseCase, EVIDENCE_MAX_BYTES } from './application/add-evidence.use-case';
import { EvidenceRepository, EvidenceStore } from './application/evidence-store';
import { ReadEvidenceUseCase } from './application/read-evidence.use-case';
import {
  ElasticsearchEvidenceRepository,
  EVIDENCE_INDEX,
  evidenceIndexName,
  evidenceIndexTemplate,
} from './infrastructure/elasticsearch-evidence.repository';
import { EVIDENCE_DIR, FileEvidenceStore } from './infrastructure/file-evidence.store';
import { EvidenceBodyParser } from './interface/http/evidence-body.parser';
import { EvidenceController } from './interface/http/evidence.controller';

/**
 * Evidence: files stored content-addressed in a directory (shared by every instance), records in
 * Elasticsearch, custody in the incident's audit trail. Needs IncidentChanges, AuditTrail and
 * ReadAuditChainUseCase.
 */
export function evidenceProviders(options: { namespace: string; dir: string; maxBytes: number }): Provider[] {
  return [
    { provide: EVIDENCE_DIR, useValue: options.dir },
    { provide: EVIDENCE_MAX_BYTES, useValue: options.maxBytes },
    { provide: EVIDENCE_INDEX, useValue: evidenceIndexName(options.namespace) },
    { provide: EvidenceStore, useClass: FileEvidenceStore },
    { provide: EvidenceRepository, useClass: ElasticsearchEvidenceRepository },
    EvidenceBodyParser,
    AddEvidenceUseCase,
    ReadEvidenceUseCase,
  ];
}

export const evidenceControllers: Type[] = [EvidenceController];

export function evidenceIndexTemplates(namespace: string, replicas: number): IndexTemplate[] {
  return [evidenceIndexTemplate(namespace, replicas)];
}
