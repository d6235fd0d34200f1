#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConnectStack } from './stacks/connect-stack.js';

/**
 * The only CDK entry (`cdk.json`). Settings come from context (`-c key=value` or cdk.json):
 * see docs/deploy.md. cdk-nag's AwsSolutions pack checks every synth: an unsuppressed error
 * fails `cdk synth`, and each suppression in the constructs says why it is safe.
 */
const app = new App();
new ConnectStack(app, String(app.node.tryGetContext('stackName') ?? 'Connect'));
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
