import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { RuleCatalog } from '../../detection/application/rule-catalog';
import { PackRules } from '../application/pack-rules';

/** The pack rules this instance loaded, read back from their files (the rule's own document). */
@Injectable()
export class CatalogPackRules extends PackRules {
  constructor(@Inject(RuleCatalog) private readonly catalog: RuleCatalog) {
    super();
  }

  textOf(id: string): string | undefined {
    const found = this.catalog.packRuleSource(id);
    if (!found) return undefined;
    const text = readFileSync(found.file, 'utf8');
    if (found.document === undefined) return text;
    const range = parseAllDocuments(text).at(found.document)?.range;
    return range === undefined ? undefined : `${text.slice(range[0], range[2]).trimEnd()}\n`;
  }
}
