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
	1: {
		// Newest 1.x patch on the registry; n8n 1.123 declares engines node ">=20.19 <= 24.x".
		n8n: '1.123.81',
		overrides: {
			// n8n-nodes-base 1.x depends on xlsx from cdn.sheetjs.com (unreachable here);
			// 0.18.5 is the last xlsx on the npm registry and has the same API.
			xlsx: '0.18.5',
			// n8n 1.123 pins @langchain/core 1.1.8, but langgraph's `^1.0.0` range now resolves
			// langgraph-checkpoint 1.2.x, which imports @langchain/core/utils/uuid (core ≥ 1.1.48):
			// n8n then fails at startup with `Command "start" not found`. 1.0.1 is the newest
			// release whose peer range (^1.0.1) core 1.1.8 satisfies.
			'@langchain/langgraph-checkpoint': '1.0.1',
		},
		// Native modules for the Node above: sqlite3 5.1.7 compiles (its prebuilt binary is a
		// GitHub download); isolated-vm 6.2.0 ships a Node 24 (ABI 137) prebuild, which its
		// rebuild (node-gyp-build) only checks, so it costs a second and guards other platforms.
		rebuild: ['isolated-vm', 'sqlite3'],
	},
};

module.exports = { NODE_VERSION, N8N_PROFILES, DEFAULT_PROFILE: '2' };
