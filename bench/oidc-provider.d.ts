/** node-oidc-provider ships no types; bench/peer-server.ts uses its constructor, `on` and `callback`. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    on(event: string, listener: (...args: any[]) => void): this;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
