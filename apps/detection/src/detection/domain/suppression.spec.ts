import { exampleEventV1, type NormalizedEvent } from '@vigil/contracts';
import { suppressionKey } from './suppression';

const policy = { fields: ['source.ip'], windowSeconds: 60 };
const event = (agency: string, drill?: string): NormalizedEvent => ({
  ...exampleEventV1(),
  organization: { id: agency },
  ...(drill === undefined ? {} : { vigil: { drill: { run_id: drill } } }),
});

describe('suppressionKey', () => {
  it('folds repeats of one agency and drill run together, and nothing across them', () => {
    const keys = [
      event('agency-a'),
      event('agency-b'),
      event('agency-a', 'run-1'),
      event('agency-a', 'run-2'),
    ].map((each) => suppressionKey('r1', policy, each));
    expect(new Set(keys).size).toBe(4);
    expect(suppressionKey('r1', policy, event('agency-a', 'run-1'))).toBe(keys[2]);
  });
});
