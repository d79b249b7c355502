import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import { responseFigures, type FigureGroup, type GroupFigures } from '../domain/response-figures';
import { FigureSources, type FigurePeriod } from './figure-sources';

/** Periods longer than this are refused: figures are read per month, quarter or year. */
const MAX_PERIOD_MS = 366 * 24 * 3_600_000;
/** More incidents than this in one request are not measured whole (the answer says so). */
const MAX_INCIDENTS = 20_000;

export class FiguresRequestError extends Error {
  readonly httpStatus = 400;
  readonly code = 'invalid_request';
}

export interface ResponseFiguresAnswer {
  period: FigurePeriod;
  groupBy: FigureGroup;
  incidents: number;
  truncated: boolean;
  groups: GroupFigures[];
}

/**
 * MTTA, time to contain and MTTR of the incidents created in a period, per agency, priority,
 * category or month, within the caller's agency scope; drills apart unless asked for.
 */
@Injectable()
export class ResponseFiguresUseCase {
  constructor(@Inject(FigureSources) private readonly sources: FigureSources) {}

  async execute(
    period: FigurePeriod,
    groupBy: FigureGroup,
    principal: Principal,
  ): Promise<ResponseFiguresAnswer> {
    const span = Date.parse(period.to) - Date.parse(period.from);
    if (!(span > 0)) throw new FiguresRequestError('from must be before to');
    if (span > MAX_PERIOD_MS) throw new FiguresRequestError('a period is at most 366 days');
    const { incidents, truncated } = await this.sources.incidents(period, principal.scope, MAX_INCIDENTS);
    return {
      period,
      groupBy,
      incidents: incidents.length,
      truncated,
      groups: responseFigures(incidents, groupBy),
    };
  }
}
