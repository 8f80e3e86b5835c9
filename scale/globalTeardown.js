'use strict';
const fs = require('fs');
const path = require('path');

/** Stops the cluster, then Redis and PostgreSQL; keeps every process's log in .dev/scale/. */
module.exports = async function globalTeardown() {
	const state = globalThis.__SCALE__;
	if (!state) return;
	globalThis.__SCALE__ = undefined;
	const keep = path.join(__dirname, '..', '.dev', 'scale');
	const t0 = Date.now();
	await state.control?.close();
	await state.cluster.stop({ keepLogsIn: keep });
	for (const [name, service] of [['redis.log', state.redis], ['postgres.log', state.postgres]]) {
		try {
			fs.copyFileSync(service.logFile, path.join(keep, name));
		} catch {
			/* no log */
		}
	}
	await Promise.all([state.redis.stop(), state.postgres.stop()]);
	console.log(`[scale] cluster, Redis and PostgreSQL stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s; logs in ${path.relative(process.cwd(), keep)}/`);
};
