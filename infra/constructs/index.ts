export { ConnectAuthServer } from './connect-auth-server.js';
export type {
  ConnectAuthServerProps,
  CustomDomainProps,
  KeyRotationProps,
  ThrottlingProps,
  TokenLifetimes,
  WafProps,
} from './props.js';
export { connectJwtAuthorizer, type ConnectIssuer, type ConnectJwtAuthorizerOptions } from './jwt-authorizer.js';
export { ConnectTable } from './table.js';
export { ConnectFunction } from './connect-function.js';
