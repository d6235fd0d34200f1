import { html } from './html.js';

/** A registered resource (RFC 8707) as the consent pages name it. */
export interface ResourceShown {
  readonly name: string;
  readonly uri: string;
}

/**
 * The line of a consent page that names the resource (RFC 8707) the token will be bound to:
 * its registered name and its URI, the `aud` the token will carry. Shared by the
 * authorization code's consent page and the device's (RFC 8628 §5.4), so a person approving
 * on either sees which API or MCP server they are opening.
 */
export function resourceNotice(resource: ResourceShown) {
  return html`<p class="resource">Only for use with <strong>${resource.name}</strong> (<code>${resource.uri}</code>).</p>`;
}
