import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/config.js';
import { connectJwtAuthorizer } from '../../infra/constructs/jwt-authorizer.js';
import type { ConnectStack } from '../../infra/stacks/connect-stack.js';
import { issueLikeTheServer, verifyLikeApiGateway } from './issue-token.js';
import { resolveIntrinsics, synthesize, type Json, type Synthesized } from './synth.js';

let synth: Synthesized;

/** The user's own API, protected by Connect's tokens, in the same app as the default deployment. */
function addOrdersApi(stack: ConnectStack): void {
  const orders = new HttpApi(stack, 'OrdersApi');
  orders.addRoutes({
    path: '/orders',
    methods: [HttpMethod.GET],
    integration: new HttpUrlIntegration('Orders', 'https://orders.example.com/orders'),
    authorizer: connectJwtAuthorizer('Connect', stack.server),
    authorizationScopes: ['orders:read'],
  });
}

beforeAll(() => {
  synth = synthesize({}, { build: addOrdersApi });
});

const authorizer = (): Json =>
  (Object.values(synth.resources).find((r: Json) => r.Type === 'AWS::ApiGatewayV2::Authorizer') as Json).Properties;
const tokenFunctionEnv = (): Record<string, Json> =>
  synth.resources[synth.logicalId(synth.stack.server.functions.token)].Properties.Environment.Variables;

describe('connectJwtAuthorizer', () => {
  it('synthesizes a JWT authorizer on the Authorization header for the issuer and audience the token function uses', () => {
    expect(authorizer()).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: tokenFunctionEnv()[ENV.issuer], Audience: [tokenFunctionEnv()[ENV.audience]] },
    });
  });

  it('accepts a token the deployed server issues, once CloudFormation has filled in the API address', async () => {
    // Made-up deployment values for what CloudFormation resolves at deploy time.
    const apiId = 'a1b2c3d4e5';
    const api = synth.logicalId(synth.stack.server.httpApi.api);
    const values = {
      [api]: apiId,
      // What AWS::ApiGatewayV2::Api returns as its ApiEndpoint attribute.
      [`${api}.ApiEndpoint`]: `https://${apiId}.execute-api.eu-west-1.amazonaws.com`,
      'AWS::Region': 'eu-west-1',
      'AWS::URLSuffix': 'amazonaws.com',
      [synth.logicalId(synth.stack.server.table.table)]: 'Connect-Table',
      [`${synth.logicalId(synth.stack.server.signingKeyProtection)}.Arn`]: 'arn:aws:kms:eu-west-1:111122223333:key/made-up',
    };
    const environment = resolveIntrinsics(tokenFunctionEnv(), values);
    const issued = await issueLikeTheServer(environment, `${apiId}.execute-api.eu-west-1.amazonaws.com`);
    const jwt = resolveIntrinsics(authorizer().JwtConfiguration, values);

    expect(jwt.Issuer).toBe(`https://${apiId}.execute-api.eu-west-1.amazonaws.com`);
    const claims = await verifyLikeApiGateway(issued, jwt);
    expect(claims).toMatchObject({ iss: jwt.Issuer, aud: jwt.Audience[0], scope: 'orders:read' });
  });
});

describe('connectJwtAuthorizer for a registered resource', () => {
  it('sets the JWT audience to the resource URI instead of Connect\'s audience', () => {
    const resource = 'https://orders.example.com/api';
    const withResource = synthesize({}, {
      build: (stack) => {
        const orders = new HttpApi(stack, 'OrdersApi');
        orders.addRoutes({
          path: '/orders',
          methods: [HttpMethod.GET],
          integration: new HttpUrlIntegration('Orders', 'https://orders.example.com/orders'),
          authorizer: connectJwtAuthorizer('Connect', stack.server, { resource }),
        });
      },
    });
    const props = (Object.values(withResource.resources).find((r: Json) => r.Type === 'AWS::ApiGatewayV2::Authorizer') as Json).Properties;
    expect(props.JwtConfiguration.Audience).toEqual([resource]);
  });
});
