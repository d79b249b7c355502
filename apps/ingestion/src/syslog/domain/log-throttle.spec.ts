import { LogThrottle } from './log-throttle';

describe('LogThrottle', () => {
  it('lets one warning per key through per interval and counts the rest', () => {
    const throttle = new LogThrottle(1000);
    expect(throttle.allow('10.0.0.1', 0)).toEqual({ suppressed: 0 });
    expect(throttle.allow('10.0.0.1', 10)).toBeUndefined();
    expect(throttle.allow('10.0.0.1', 20)).toBeUndefined();
    expect(throttle.allow('10.0.0.2', 30)).toEqual({ suppressed: 0 });
    expect(throttle.allow('10.0.0.1', 1000)).toEqual({ suppressed: 2 });
  });

  it('forgets keys beyond its bound rather than growing without limit', () => {
    const throttle = new LogThrottle(1000, 2);
    throttle.allow('a', 0);
    throttle.allow('b', 0);
    throttle.allow('c', 0);
    expect(throttle.allow('a', 1)).toEqual({ suppressed: 0 });
  });
});
