import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import type { Stack } from 'aws-cdk-lib';
import type { ConnectAuthServerProps } from '../constructs/props.js';

/**
 * `cdk deploy -c domainName=auth.example.com -c certificateArn=arn:... -c waf=true`: the app's
 * settings from CDK context (or cdk.json's "context"), so a user need not edit TypeScript to
 * deploy. Another CDK app uses the ConnectAuthServer construct and its typed props instead.
 */
export function serverPropsFromContext(scope: Stack): ConnectAuthServerProps {
  const text = (key: string): string | undefined => {
    const value = scope.node.tryGetContext(key) as unknown;
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const domainName = text('domainName');
  const certificateArn = text('certificateArn');
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new Error('Give both domainName and certificateArn (context), or neither');
  }
  const hostedZoneId = text('hostedZoneId');
  const rotationDays = text('keyRotationDays');
  return {
    domain:
      domainName && certificateArn
        ? {
            domainName,
            certificate: Certificate.fromCertificateArn(scope, 'ContextCertificate', certificateArn),
            hostedZone: hostedZoneId
              ? HostedZone.fromHostedZoneAttributes(scope, 'ContextZone', {
                  hostedZoneId,
                  zoneName: text('hostedZoneName') ?? domainName.split('.').slice(1).join('.'),
                })
              : undefined,
          }
        : undefined,
    audience: text('audience'),
    defaultScopes: text('defaultScopes')?.split(' ').filter(Boolean),
    waf: text('waf') === 'true',
    removalPolicy: text('removalPolicy') === 'destroy' ? RemovalPolicy.DESTROY : undefined,
    keyRotation: rotationDays ? { interval: Duration.days(Number(rotationDays)) } : undefined,
    registration: registration(text('registration')),
    clientMetadataDocumentHosts: text('clientMetadataDocumentHosts')?.split(' ').filter(Boolean),
  };
}

/** `-c registration=open|token|off` (SPEC §9); anything else stops the synth with a clear line. */
function registration(value: string | undefined): ConnectAuthServerProps['registration'] {
  if (value === undefined) return undefined;
  if (value === 'off' || value === 'open' || value === 'token') return value;
  throw new Error(`registration (context) must be off, open or token, got "${value}"`);
}
