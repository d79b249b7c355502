import { Injectable, ValidationPipe, type PipeTransform } from '@nestjs/common';
import { RulesError, RulesErrorCode } from '../../domain/rules.error';
import { RuleBodyDto } from './rule.dto';

const validation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/** A rule body: raw YAML text (application/yaml, text/plain) or JSON `{ sigma, enabled?, metadata? }`. */
@Injectable()
export class RuleBodyPipe implements PipeTransform<unknown, Promise<RuleBodyDto>> {
  async transform(body: unknown): Promise<RuleBodyDto> {
    if (Buffer.isBuffer(body)) return Object.assign(new RuleBodyDto(), { sigma: body.toString('utf8') });
    if (typeof body === 'string') return Object.assign(new RuleBodyDto(), { sigma: body });
    if (typeof body !== 'object' || body === null)
      throw new RulesError(
        RulesErrorCode.InvalidRequest,
        'send Sigma YAML, or JSON { sigma, enabled?, metadata? }',
      );
    return (await validation.transform(body, { type: 'body', metatype: RuleBodyDto })) as RuleBodyDto;
  }
}
