import { Inject, Injectable } from '@nestjs/common';
import { compile } from '@vigil/sigma';
import { checkMetadata } from '../domain/rule-metadata';
import type { RuleMetadata } from '../domain/rule-record';
import { located, parseRuleText, type ParsedRuleText } from '../domain/sigma-rule-text';
import { RULE_SETTINGS, type RuleSettings } from './rule-settings';

/**
 * Validates a rule as the engine will see it: the Sigma document parses, its detection compiles
 * against every configured pipeline (modifiers, regexes, placeholders), and its metadata is sound.
 */
@Injectable()
export class RuleValidator {
  constructor(@Inject(RULE_SETTINGS) private readonly settings: RuleSettings) {}

  validate(text: string, metadata: RuleMetadata | undefined, generateId?: () => string): ParsedRuleText {
    const parsed = parseRuleText(text, generateId);
    if (parsed.rule) {
      const { rejected } = compile([parsed.rule], {
        pipelines: this.settings.pipelines,
        placeholders: this.settings.placeholders,
        unmapped: 'evaluate',
      });
      const error = rejected.at(0);
      if (error) throw located(text, 0, error); // lines of the text as submitted
    }
    if (metadata) checkMetadata(metadata);
    return parsed;
  }
}
