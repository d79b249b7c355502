import { ForwarderErrorCode } from '../forwarder-error';
import { decodeFileState, encodeFileState, stateFileName, type FileState } from './file-state';

function aState(overrides: Partial<FileState> = {}): FileState {
  return {
    path: '/var/log/nginx/access.log',
    device: '2049',
    inode: '18446744073709551615',
    generation: '9f2c4a1be07d3356',
    offset: 4096,
    pending: undefined,
    ...overrides,
  };
}

describe('file state format', () => {
  const now = new Date('2026-11-27T10:00:00Z');

  it('round-trips, pending batch included', () => {
    for (const state of [aState(), aState({ pending: { start: 4096, end: 8192 } })]) {
      expect(decodeFileState(encodeFileState(state, now), 'x.json')).toEqual(state);
    }
  });

  it('is readable JSON for the administrator', () => {
    expect(JSON.parse(encodeFileState(aState(), now))).toEqual({
      version: 1,
      path: '/var/log/nginx/access.log',
      device: '2049',
      inode: '18446744073709551615',
      generation: '9f2c4a1be07d3356',
      offset: 4096,
      pending: null,
      updatedAt: '2026-11-27T10:00:00.000Z',
    });
  });

  it.each([
    ['not json', 'not JSON'],
    ['{"version":2}', 'version'],
    [JSON.stringify({ ...aState(), version: 1, offset: -1 }), 'offset'],
    [JSON.stringify({ ...aState(), version: 1, inode: 12 }), 'inode'],
    [JSON.stringify({ ...aState(), version: 1, pending: { start: 1, end: 2 } }), 'pending'],
  ])('refuses a damaged file (%s) naming it', (text, what) => {
    let caught: unknown;
    try {
      decodeFileState(text, '/state/a.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: ForwarderErrorCode.Io });
    expect((caught as Error).message).toContain(what);
    expect((caught as Error).message).toContain('/state/a.json');
  });

  it('names state files after the log file, unique per path', () => {
    expect(stateFileName('/var/log/nginx/access.log')).toMatch(/^access\.log\.[0-9a-f]{16}\.json$/);
    expect(stateFileName('/a/access.log')).not.toBe(stateFileName('/b/access.log'));
    expect(stateFileName('/logs/nhật ký.log')).toMatch(/^nh_t_k_\.log\./);
  });
});
