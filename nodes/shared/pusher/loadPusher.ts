import { existsSync } from 'fs';
import { join } from 'path';

import type Pusher from 'pusher-js';

export type PusherConstructor = typeof Pusher;

/**
 * The published package carries only pusher-js's Node build: one self-contained file
 * (its websocket and HTTP code bundled in) that the build copies to
 * dist/vendor/pusher-js/ with its licence. The npm package would also install the
 * web, worker, React Native and CommonJS builds, their source maps and tweetnacl:
 * about 8.6 MB for the 300 KB that Node uses. Run from source (ts-jest), there is no
 * vendored copy and the dev dependency's `main` is the very same file.
 */
const VENDORED = join(__dirname, '..', '..', '..', 'vendor', 'pusher-js', 'pusher.js');

/**
 * Loads pusher-js on first use, not when n8n loads the node at start-up (300 KB to
 * parse that only the ChatApp Realtime Trigger needs). Node's module cache makes
 * later calls cheap and keeps one pusher-js (one `Pusher.instances`) per process.
 */
export function loadPusher(): PusherConstructor {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return (existsSync(VENDORED) ? require(VENDORED) : require('pusher-js')) as PusherConstructor;
}
