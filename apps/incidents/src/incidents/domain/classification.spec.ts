import { legalClassOf, priorityOf, type ClassificationInput, type Impact } from './classification';

const system = (securityLevel: number, critical = false) => ({ securityLevel, critical });
const input = (overrides: Partial<ClassificationInput> = {}): ClassificationInput => ({
  systems: [],
  impacts: [],
  suspectedSerious: false,
  ...overrides,
});

describe('legalClassOf', () => {
  it.each<Impact>([
    'outage',
    'secret-data-exposure',
    'unrecoverable-integrity-loss',
    'loss-of-control',
    'spreading',
  ])('is serious when a level 4-5 system suffers %s', (impact) => {
    expect(legalClassOf({ systems: [system(4)], impacts: [impact] })).toBe('serious');
    expect(legalClassOf({ systems: [system(2), system(5)], impacts: ['limited', impact] })).toBe('serious');
  });

  it('is serious for a critical system of a lower level with a serious impact', () => {
    expect(legalClassOf({ systems: [system(2, true)], impacts: ['outage'] })).toBe('serious');
  });

  it('is ordinary when either half is missing', () => {
    expect(legalClassOf({ systems: [system(3)], impacts: ['outage'] })).toBe('ordinary');
    expect(legalClassOf({ systems: [system(5)], impacts: ['limited', 'confirmed-compromise'] })).toBe(
      'ordinary',
    );
    expect(legalClassOf({ systems: [], impacts: ['spreading'] })).toBe('ordinary');
    expect(legalClassOf({ systems: [system(5)], impacts: [] })).toBe('ordinary');
  });
});

describe('priorityOf', () => {
  it('is P1 when serious or only suspected serious', () => {
    expect(priorityOf(input({ systems: [system(4)], impacts: ['loss-of-control'] }))).toBe('P1');
    expect(priorityOf(input({ suspectedSerious: true }))).toBe('P1');
    expect(priorityOf(input({ suspectedSerious: true, impacts: ['blocked-attempt'] }))).toBe('P1');
  });

  it('is P2 for a level-3-or-above system or a confirmed compromise', () => {
    expect(priorityOf(input({ systems: [system(3)], impacts: ['limited'] }))).toBe('P2');
    expect(priorityOf(input({ systems: [system(5)], impacts: ['limited'] }))).toBe('P2');
    expect(priorityOf(input({ systems: [system(1)], impacts: ['confirmed-compromise'] }))).toBe('P2');
  });

  it('is P3 for limited impact on a low-level system, and before anything is known', () => {
    expect(priorityOf(input({ systems: [system(2)], impacts: ['limited'] }))).toBe('P3');
    expect(priorityOf(input())).toBe('P3');
  });

  it('is P4 when every stated impact is a blocked attempt, whatever the system', () => {
    expect(priorityOf(input({ systems: [system(5)], impacts: ['blocked-attempt'] }))).toBe('P4');
    expect(priorityOf(input({ impacts: ['blocked-attempt', 'limited'] }))).toBe('P3');
  });
});
