import { Expose } from 'class-transformer';
import { IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString } from 'class-validator';

export interface DrillEventV1 {
  run_id: string;
  scenario_id: string;
  /** scheduled, started, inject-sent, expectation-met, expectation-missed, stopped, finished */
  type: string;
  at: string;
  details?: Record<string, unknown>;
}

/** `vigil.drills.v1`: the lifecycle of a drill run. */
export class DrillEventMessageV1 {
  @Expose() @IsString() @IsNotEmpty() run_id!: string;
  @Expose() @IsString() @IsNotEmpty() scenario_id!: string;
  @Expose() @IsString() @IsNotEmpty() type!: string;
  @Expose() @IsISO8601({ strict: true }) at!: string;
  @Expose() @IsOptional() @IsObject() details?: Record<string, unknown>;
}

export const drillEventKeyV1 = (event: DrillEventV1): string => event.run_id;

export const exampleDrillEventV1 = (): DrillEventV1 => ({
  run_id: 'run-2026-11-27-001',
  scenario_id: 'ssh-bruteforce-basic',
  type: 'started',
  at: '2026-11-27T02:00:00.000Z',
});
