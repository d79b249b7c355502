import {
  AlertMessageV1,
  exampleAlertV1,
  exampleSocAlertV1,
  MessageValidationError,
  validateMessage,
  type AlertV1,
} from '../index';

const validate = (payload: unknown): AlertV1 => validateMessage<AlertV1>(AlertMessageV1, payload);

describe('AlertV1 scope (additive within v1)', () => {
  it('accepts an alert written before scope, agencies and event agencies existed', () => {
    const { scope: _scope, agencies: _agencies, ...older } = exampleAlertV1();
    const events = older.events.map(({ id, index }) => ({ id, index }));
    expect(() => validate({ ...older, events })).not.toThrow();
  });

  it('accepts a SOC alert naming every agency involved', () => {
    expect(validate(exampleSocAlertV1())).toMatchObject({ scope: 'soc', agencies: ['so-tttt', 'so-yte'] });
  });

  it.each([
    [{ scope: 'everyone' }, 'scope'],
    [{ agencies: 'so-tttt' }, 'agencies'],
    [{ agencies: [42] }, 'agencies'],
    [{ events: [{ id: 'e1', organization_id: '' }] }, 'events.0.organization_id'],
  ])('refuses %p, naming %s', (change, path) => {
    expect(() => validate({ ...exampleAlertV1(), ...change })).toThrow(MessageValidationError);
    expect(() => validate({ ...exampleAlertV1(), ...change })).toThrow(path);
  });
});
