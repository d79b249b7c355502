import { EventSession } from './event-session';
import { fieldRead, keywordRead } from './field-read';

describe('EventSession', () => {
  const user = fieldRead(['user.name']);

  it('caches a value per event and forgets it for the next event', () => {
    const session = new EventSession();
    expect(session.reset({ user: { name: 'Root' } }).value(user)).toBe('Root');
    expect(session.lower(user, 'Root')).toBe('root');
    expect(session.reset({ user: {} }).value(user)).toBeUndefined();
    expect(session.reset({ user: { name: 'Bob' } }).value(user)).toBe('Bob');
    expect(session.lower(user, 'Bob')).toBe('bob');
  });

  it('reads the first present of several paths, each path once', () => {
    const either = fieldRead(['winlog.event_data.Image', 'Image']);
    const session = new EventSession();
    expect(session.reset({ Image: 'b', winlog: { event_data: {} } }).value(either)).toBe('b');
    expect(session.value(fieldRead(['Image']))).toBe('b');
    expect(session.reset({ Image: 'b', winlog: { event_data: { Image: 'a' } } }).value(either)).toBe('a');
    expect(fieldRead(['winlog.event_data.Image', 'Image'])).toBe(either);
  });

  it.each([
    ['a nested object', { user: { name: 'x' } }, 'x'],
    ['a literal dotted key', { 'user.name': 'x' }, 'x'],
    ['no such key', { username: 'x' }, undefined],
  ])('finds a top-level key through %s', (_case, event, expected) => {
    expect(new EventSession().reset(event).value(user)).toBe(expected);
  });

  it('does not take inherited properties for event keys', () => {
    const session = new EventSession().reset({ a: 1 });
    expect(session.value(fieldRead(['constructor.name']))).toBeUndefined();
    expect(session.value(fieldRead(['toString']))).toBeUndefined();
  });

  it('lists the top-level keys once each, up to their first dot', () => {
    const session = new EventSession().reset({ 'source.ip': '1', 'source.port': 2, host: {}, 'a.b.c': 3 });
    expect([...session.rootList()].sort()).toEqual(['a', 'host', 'source']);
    expect(new EventSession().reset('not an object').rootList()).toEqual([]);
  });

  it('gives keyword searches the strings of the keyword fields, else every string', () => {
    const read = keywordRead(['message', 'event.original'], true);
    const session = new EventSession().reset({ message: 'Failed', event: { original: 'Failed' } });
    expect(session.keywordStrings(read)).toEqual(['Failed', 'Failed']);
    expect(session.keywordLower(read)).toEqual(['failed', 'failed']);
    expect(session.keywordText(read)).toBe('Failed');
    session.reset({ a: 'x', b: [1, 'y'] });
    expect(session.keywordStrings(read)).toEqual(['x', '1', 'y']);
    expect(session.keywordText(read)).toBe('x\n1\ny');
  });
});
