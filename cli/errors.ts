/** The CLI's one line for any failure is rendered with the other three renderers (functions/http/render-error.ts). */
export { renderCliLine as describeCliError } from '../functions/http/render-error.js';
