'use strict';
/**
 * Every version the dev/e2e tooling installs, pinned. Changing anything here
 * invalidates the cache stamp, so the next `npm run dev` reinstalls.
 */

/** Node runtime for n8n, taken from the npm registry (`node-<platform>-<arch>` packages). */
const NODE_VERSION = '24.21.0';

/**
 * n8n profiles. `2` is the default (newest 2.x that installs from the registry);
 * pick another with N8N_PROFILE=<key>.
 */
const N8N_PROFILES = {
	2: {
		n8n: '2.41.1',
		// See issue 7: without these the install fails or loops on this registry.
		overrides: {
			linkedom: '0.18.14',
			'@langchain/langgraph': '1.4.18',
			'@langchain/protocol': '0.0.19',
		},
		// Native modules rebuilt against the Node above (isolated-vm 7 ships a Node 24 binary).
		rebuild: ['sqlite3'],
	},
};

module.exports = { NODE_VERSION, N8N_PROFILES, DEFAULT_PROFILE: '2' };
