import { IngestionError } from '../../common/domain/ingestion.error';
import { linesOfBody } from './request-body';

const ids = { agencyId: 'agency-a' };
const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('linesOfBody (JSON)', () => {
  it('takes one object or an array of objects, one line each', () => {
    const lines = linesOfBody(Buffer.from('[{"message":"a"},{"message":"b"}]'), 'json', ids);
    expect(lines.map((line) => [line.line, line.bytes.toString()])).toEqual([
      [1, '{"message":"a"}'],
      [2, '{"message":"b"}'],
    ]);
  });

  it('refuses a body nested past the limit with a 400 naming the line, before anything recursive', () => {
    const body = `[{"message":"fine"},{"message":"x","deep":${nested(100_000)}}]`;
    let error: unknown;
    try {
      linesOfBody(Buffer.from(body), 'json', ids);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IngestionError);
    expect((error as IngestionError).code).toBe('invalid_request');
    expect((error as IngestionError).message).toMatch(/^line 2: JSON nests deeper than 32 levels/);
    expect((error as IngestionError).details).toEqual({ line: 2 });
  });

  it('leaves an event nested just too deep to the parser, which rejects that line alone', () => {
    const body = `{"message":"x","deep":${nested(31)}}`; // 33 levels with the object itself
    expect(linesOfBody(Buffer.from(body), 'json', ids)).toHaveLength(1);
  });
});
