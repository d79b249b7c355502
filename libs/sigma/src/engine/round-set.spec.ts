import { RoundSet } from './round-set';

describe('RoundSet', () => {
  it('holds slots until cleared, growing past its first size', () => {
    const set = new RoundSet();
    expect(set.add(3)).toBe(true);
    expect(set.add(3)).toBe(false);
    expect(set.add(1000)).toBe(true);
    expect([set.has(3), set.has(1000), set.has(4), set.has(5000)]).toEqual([true, true, false, false]);
    set.clear();
    expect([set.has(3), set.has(1000)]).toEqual([false, false]);
    expect(set.add(3)).toBe(true);
  });

  it('forgets every slot when its rounds start over', () => {
    const set = new RoundSet(3);
    set.add(1); // round 1
    set.clear(); // round 2
    set.add(2);
    set.clear(); // back to round 1: the stamp of slot 1 must not count
    expect([set.has(1), set.has(2)]).toEqual([false, false]);
    expect(set.add(1)).toBe(true);
  });
});
