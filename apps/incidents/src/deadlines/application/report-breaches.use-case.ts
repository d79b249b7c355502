import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import { BreachLog, type BreachQuery, type BreachReport } from './breach-log';

/** Breaches and their counts per agency, team, priority, kind and period, within the caller's scope. */
@Injectable()
export class ReportBreachesUseCase {
  constructor(@Inject(BreachLog) private readonly log: BreachLog) {}

  execute(query: BreachQuery, principal: Principal): Promise<BreachReport> {
    return this.log.report(query, principal.scope);
  }
}
