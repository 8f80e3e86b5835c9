'use strict';
const fs = require('fs');
const path = require('path');

/**
 * Stops the n8n of globalSetup (its whole process group) and keeps its log in
 * .dev/e2e/last-n8n-<version>.log (one per version, so a two-profile run keeps both).
 */
module.exports = async function globalTeardown() {
	const n8n = globalThis.__E2E_N8N__;
	if (!n8n) return;
	globalThis.__E2E_N8N__ = undefined;
	const keep = path.join(__dirname, '..', '.dev', 'e2e', `last-n8n-${n8n.version}.log`);
	await n8n.stop({ keepLog: keep });
	console.log(`[e2e] n8n ${n8n.version} stopped; its log: ${path.relative(process.cwd(), keep)}`);
	if (!fs.existsSync(keep)) console.log('[e2e] (log not kept)');
};
