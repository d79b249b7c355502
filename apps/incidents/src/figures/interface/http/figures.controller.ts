import { Controller, Get, Inject, Query, UsePipes, ValidationPipe } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, type Principal } from '@vigil/auth';
import { IsBooleanString, IsIn, IsISO8601, IsOptional } from 'class-validator';
import {
  ResponseFiguresUseCase,
  type ResponseFiguresAnswer,
} from '../../application/response-figures.use-case';
import { FIGURE_GROUPS, type DurationFigure, type FigureGroup } from '../../domain/response-figures';

class FiguresQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'default: 30 days before `to`' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'default: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: FIGURE_GROUPS, default: 'agency' })
  @IsOptional()
  @IsIn(FIGURE_GROUPS)
  group_by?: FigureGroup;

  @ApiPropertyOptional({ description: 'include drill incidents (default false)' })
  @IsOptional()
  @IsBooleanString()
  drills?: string;
}

const seconds = (figure: DurationFigure): Record<string, number | undefined> => ({
  count: figure.count,
  mean_s: figure.meanMs === undefined ? undefined : Math.round(figure.meanMs / 1000),
  p50_s: figure.p50Ms === undefined ? undefined : Math.round(figure.p50Ms / 1000),
  p90_s: figure.p90Ms === undefined ? undefined : Math.round(figure.p90Ms / 1000),
  max_s: figure.maxMs === undefined ? undefined : Math.round(figure.maxMs / 1000),
});

/** Response figures for people and charts: MTTA, time to contain, MTTR per agency, priority, category, month. */
@ApiTags('figures')
@Controller('v1/figures')
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
export class FiguresController {
  constructor(@Inject(ResponseFiguresUseCase) private readonly figures: ResponseFiguresUseCase) {}

  @Get('response')
  @Permission('incidents:read')
  @ApiOperation({
    summary:
      'Time to acknowledge (created → first transition), to contain and to resolve (detected → contained / closed) of incidents created in a period, per group, within your scope',
  })
  async response(
    @Query() query: FiguresQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const to = query.to ?? new Date().toISOString();
    const from = query.from ?? new Date(Date.parse(to) - 30 * 24 * 3_600_000).toISOString();
    const answer: ResponseFiguresAnswer = await this.figures.execute(
      { from, to, drills: query.drills === 'true' },
      query.group_by ?? 'agency',
      principal,
    );
    return {
      from: answer.period.from,
      to: answer.period.to,
      drills: answer.period.drills,
      group_by: answer.groupBy,
      incidents: answer.incidents,
      truncated: answer.truncated,
      groups: answer.groups.map((group) => ({
        key: group.key,
        incidents: group.incidents,
        time_to_acknowledge: seconds(group.acknowledge),
        time_to_contain: seconds(group.contain),
        time_to_resolve: seconds(group.resolve),
      })),
    };
  }
}
