/** OIDC: access tokens of an external OpenID Provider (Keycloak, …) as Vigil principals. */
export * from './oidc-settings';
export * from './oidc-claims-mapping';
export * from './oidc-access-token.verifier';
