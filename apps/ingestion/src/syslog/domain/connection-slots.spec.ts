import { ConnectionSlots } from './connection-slots';

describe('ConnectionSlots', () => {
  it('caps the connections of one source before the overall cap, and frees a slot on release', () => {
    const slots = new ConnectionSlots({ total: 3, perSource: 2 });
    expect(slots.take('10.0.0.1')).toBeUndefined();
    expect(slots.take('10.0.0.1')).toBeUndefined();
    expect(slots.take('10.0.0.1')).toBe('per_source_cap');
    expect(slots.take('10.0.0.2')).toBeUndefined();
    expect(slots.take('10.0.0.3')).toBe('total_cap');
    slots.release('10.0.0.1');
    expect(slots.take('10.0.0.3')).toBeUndefined();
    expect(slots.openConnections).toBe(3);
  });

  it('ignores a release for an address that holds no slot', () => {
    const slots = new ConnectionSlots({ total: 1, perSource: 1 });
    slots.release('10.0.0.9');
    expect(slots.take('10.0.0.1')).toBeUndefined();
    expect(slots.take('10.0.0.2')).toBe('total_cap');
  });
});
