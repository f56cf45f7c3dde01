import { fileURLToPath } from 'node:url';

// Both paths are resolved from this file, two folders below dist/ (dist/src/server/), and the bundled CLI
// keeps that depth (dist/bundle/cli/): the built web apps are found from either.
/** The built staff app (dist/web/staff). */
export const STAFF_WEB_ROOT = fileURLToPath(new URL('../../web/staff/', import.meta.url));
/** The built upload script and pages for sources (dist/web/intake). */
export const INTAKE_WEB_ROOT = fileURLToPath(new URL('../../web/intake/', import.meta.url));
