import { MessageValidationError, TopicRegistry, Topics, validateMessage, type TopicName } from './index';

const topicNames = Object.values(Topics) as TopicName[];

describe('topic registry', () => {
  it.each(topicNames)('%s has a versioned name matching its key in the registry', (topic) => {
    expect(TopicRegistry[topic].name).toBe(topic);
    expect(topic).toMatch(/^vigil\.[a-z.]+\.v\d+$/);
  });

  it.each(topicNames)('%s: its example payload passes its own validation and yields a key', (topic) => {
    const definition = TopicRegistry[topic];
    const example = definition.example();
    expect(() => validateMessage(definition.messageClass, example)).not.toThrow();
    expect(typeof definition.keyOf(example as never)).toBe('string');
  });

  it('compacted topics never expire by time', () => {
    for (const topic of topicNames) {
      const definition = TopicRegistry[topic];
      if (definition.cleanupPolicy === 'compact') expect(definition.retentionMs).toBe(-1);
      else expect(definition.retentionMs).toBeGreaterThan(0);
    }
  });
});

describe('validateMessage', () => {
  it('names every bad field by its path', () => {
    const event = TopicRegistry[Topics.EventsV1].example() as unknown as Record<string, unknown>;
    const broken = { ...event, '@timestamp': 'yesterday', event: { id: '', original: 'x' } };
    let error: unknown;
    try {
      validateMessage(TopicRegistry[Topics.EventsV1].messageClass, broken);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MessageValidationError);
    const problems = (error as MessageValidationError).problems.join('\n');
    expect(problems).toContain('@timestamp');
    expect(problems).toContain('event.id');
    expect(problems).toContain('event.ingested');
  });

  it.each([null, 42, 'text', [1, 2]])('refuses a payload that is not an object (%p)', (payload) => {
    expect(() => validateMessage(TopicRegistry[Topics.AlertsV1].messageClass, payload)).toThrow(
      /must be a JSON object/,
    );
  });
});
