import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@vigil/auth';
import { splitDocuments } from '../domain/sigma-rule-text';
import { RulesError } from '../domain/rules.error';
import { SaveRuleUseCase } from './save-rule.use-case';

export interface ImportFileResult {
  path: string;
  /** Ids of the rules loaded from the file (one per document). */
  loaded: string[];
  /** `line` is the line in the file (not in the document). */
  rejected: { document: number; line?: number; reason: string }[];
}

/** Files written at once: rule ids differ, so they do not race; Kafka batches the publishes. */
const CONCURRENCY = 8;

/**
 * Loads rule files (e.g. a SigmaHQ checkout): each document of each file becomes a rule record,
 * a bad document is reported with its line and the others still load.
 */
@Injectable()
export class ImportRulesUseCase {
  constructor(@Inject(SaveRuleUseCase) private readonly saveRule: SaveRuleUseCase) {}

  async execute(files: { path: string; content: string }[], actor: Actor): Promise<ImportFileResult[]> {
    const results: ImportFileResult[] = new Array<ImportFileResult>(files.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const index = next++;
        const file = files.at(index);
        if (file) results[index] = await this.importFile(file, actor);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
    return results;
  }

  private async importFile(file: { path: string; content: string }, actor: Actor): Promise<ImportFileResult> {
    const result: ImportFileResult = { path: file.path, loaded: [], rejected: [] };
    for (const [index, document] of splitDocuments(file.content).entries()) {
      try {
        const { record } = await this.saveRule.execute({ sigma: document.text, origin: 'import' }, actor);
        result.loaded.push(record.id);
      } catch (error) {
        if (!(error instanceof RulesError)) throw error;
        const line = error.details.line as number | undefined;
        const fileLine = line === undefined ? undefined : line + document.firstLine - 1;
        const reason = typeof error.details.reason === 'string' ? error.details.reason : error.message;
        const path = typeof error.details.path === 'string' ? `${error.details.path}: ` : '';
        result.rejected.push({
          document: index,
          line: fileLine,
          reason: fileLine === undefined ? error.message : `line ${fileLine}: ${path}${reason}`,
        });
      }
    }
    return result;
  }
}
