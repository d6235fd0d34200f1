import { html } from './html.js';

/**
 * The consent page's notice for a client described by a metadata document (SPEC §9): the host
 * name its client_id URL lives on, prominently — the one thing about it that is proven. Its
 * `client_name` is its own claim and its `logo_uri` is never loaded (a remote image would need
 * the CSP opened to any host, and could track who looks at the page).
 */
export function clientHostNotice(host: string) {
  return html`<p class="client-host">An application from <strong class="host">${host}</strong> — it describes itself as follows; only the host name above is verified.</p>
`;
}
