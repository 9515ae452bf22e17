/** Names of the browser cookies. The CSRF cookie is readable by the page (double-submit). */
export const SESSION_COOKIE = 'gated_session';
export const CSRF_COOKIE = 'gated_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
