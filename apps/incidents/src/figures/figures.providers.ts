import type { Provider, Type } from '@nestjs/common';
import { auditIndexName } from '../audit/infrastructure/elasticsearch-audit.log';
import { incidentsIndexName } from '../incidents/infrastructure/elasticsearch-incident.repository';
import { FigureSources } from './application/figure-sources';
import { ResponseFiguresUseCase } from './application/response-figures.use-case';
import { ElasticsearchFigureSources, FIGURE_INDICES } from './infrastructure/elasticsearch-figure.sources';
import { FiguresController } from './interface/http/figures.controller';

/** Response figures (MTTA, time to contain, MTTR) read from the incidents and audit indices. */
export function figuresProviders(namespace: string): Provider[] {
  return [
    {
      provide: FIGURE_INDICES,
      useValue: { incidents: incidentsIndexName(namespace), audit: auditIndexName(namespace) },
    },
    { provide: FigureSources, useClass: ElasticsearchFigureSources },
    ResponseFiguresUseCase,
  ];
}

export const figuresControllers: Type[] = [FiguresController];
