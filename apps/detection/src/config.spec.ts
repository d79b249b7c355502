import { ConfigError, loadConfig } from '@vigil/config';
import { detectionConfigSpec } from './config';

const { sigmaPlaceholders } = detectionConfigSpec;

describe('VIGIL_SIGMA_PLACEHOLDERS', () => {
  it('reads name=values pairs separated by ;, values by ,', () => {
    expect(sigmaPlaceholders.read('known_cdcs=dc01.corp,10.0.0.5; Admins=alice')).toEqual({
      known_cdcs: ['dc01.corp', '10.0.0.5'],
      Admins: ['alice'],
    });
  });

  it('is empty when unset', () => {
    expect(sigmaPlaceholders.read(undefined)).toEqual({});
    expect(sigmaPlaceholders.read(' ')).toEqual({});
  });

  it('stops start-up naming the variable and the bad entry', () => {
    expect(() => loadConfig({ sigmaPlaceholders }, { VIGIL_SIGMA_PLACEHOLDERS: 'known_cdcs' })).toThrow(
      new ConfigError([
        { variable: 'VIGIL_SIGMA_PLACEHOLDERS', reason: "expected name=value1,value2, got 'known_cdcs'" },
      ]),
    );
  });
});
