/** DI token of the loaded SlaPolicy (domain/sla-policy.ts). */
export const SLA_POLICY = Symbol('vigil.incidents.sla-policy');
