'use strict';
/**
 * Starts one headless n8n for the e2e run; tests find it through E2E_N8N_* variables.
 * E2E_PROFILE (set per run by e2e/run.js) picks the n8n profile of dev/lib/versions.js.
 */
const { startHeadless } = require('../dev/lib/n8n');

module.exports = async function globalSetup() {
	const t0 = Date.now();
	const n8n = await startHeadless({
		profile: process.env.E2E_PROFILE || undefined,
		keepUserFolder: process.env.E2E_KEEP === '1',
		env: {
			...(process.env.E2E_N8N_LOG_LEVEL ? { N8N_LOG_LEVEL: process.env.E2E_N8N_LOG_LEVEL } : {}),
			// 2.x only (1.x has no publication service and ignores it).
			...(process.env.E2E_N8N_PUBLICATION_SERVICE ? { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: process.env.E2E_N8N_PUBLICATION_SERVICE } : {}),
		},
	});
	globalThis.__E2E_N8N__ = n8n;
	process.env.E2E_N8N_URL = n8n.url;
	process.env.E2E_N8N_API_KEY = n8n.apiKey;
	process.env.E2E_N8N_OWNER_EMAIL = n8n.owner.email;
	process.env.E2E_N8N_OWNER_PASSWORD = n8n.owner.password;
	process.env.E2E_N8N_VERSION = n8n.version;
	process.env.E2E_N8N_PROFILE = n8n.profile;
	process.env.E2E_N8N_LOG = n8n.logFile;
	console.log(`\n[e2e] n8n ${n8n.version} (profile ${n8n.profile}) at ${n8n.url} (setup ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
};
