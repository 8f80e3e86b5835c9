#!/usr/bin/env node
'use strict';
/**
 * Where the CPU of a webhook delivery goes inside n8n (issue 15), function by function.
 *
 *   node bench/webhook-n8n-profile.js [outDir]          starts n8n (regular mode) with its
 *       inspector open, sets up the workflows of bench/webhook-n8n.bench.js and records one V8
 *       CPU profile per candidate (PROFILE_DELIVERIES deliveries each, default 150), then
 *       prints the comparison below.
 *   node bench/webhook-n8n-profile.js --compare a.cpuprofile b.cpuprofile [n]
 *       self time per function (name + file:line) and per file/package, normalised per
 *       delivery, `a` against `b`, the n biggest differences first.
 */
const fs = require('fs');
const path = require('path');

/** Self time (ms) per function and per file of one .cpuprofile. */
function selfTimes(file) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const hits = new Map();
	const deltas = profile.timeDeltas;
	for (let i = 0; i < profile.samples.length; i++) {
		const id = profile.samples[i];
		// Each sample's duration is the delta to the next one.
		const dt = (deltas[i + 1] ?? 0) / 1000;
		hits.set(id, (hits.get(id) ?? 0) + dt);
	}
	const functions = new Map();
	const files = new Map();
	let total = 0;
	for (const [id, ms] of hits) {
		const { callFrame } = byId.get(id);
		const where = shortUrl(callFrame.url);
		const fn = `${callFrame.functionName || '(anonymous)'} ${where}:${callFrame.lineNumber + 1}`;
		functions.set(fn, (functions.get(fn) ?? 0) + ms);
		files.set(packageOf(where), (files.get(packageOf(where)) ?? 0) + ms);
		if (callFrame.functionName !== '(idle)') total += ms;
	}
	return { functions, files, total };
}

function shortUrl(url) {
	if (!url) return '(native)';
	const s = url.replace(/^file:\/\//, '');
	const i = s.lastIndexOf('node_modules/');
	return i >= 0 ? s.slice(i + 'node_modules/'.length) : s.replace(/^.*\/(dist|lib)\//, '$1/');
}

/** `@n8n/db/dist/x.js` → `@n8n/db`, `n8n-core/dist/...` → `n8n-core`; node internals stay as they are. */
function packageOf(where) {
	const parts = where.split('/');
	if (where.startsWith('@')) return parts.slice(0, 2).join('/');
	if (parts.length > 1 && !where.startsWith('node:')) return parts[0];
	return where;
}

function compare(a, b, { perA = 1, perB = 1, top = 40 } = {}) {
	const A = selfTimes(a);
	const B = selfTimes(b);
	const lines = [];
	const table = (title, ma, mb) => {
		const keys = new Set([...ma.keys(), ...mb.keys()]);
		const rows = [...keys].map((k) => ({ k, a: (ma.get(k) ?? 0) / perA, b: (mb.get(k) ?? 0) / perB })).map((r) => ({ ...r, d: r.a - r.b }));
		rows.sort((x, y) => Math.abs(y.d) - Math.abs(x.d));
		lines.push(`\n${title} (ms per delivery): ${path.basename(a)} | ${path.basename(b)} | difference`);
		for (const r of rows.slice(0, top)) lines.push(`${r.a.toFixed(2).padStart(8)} ${r.b.toFixed(2).padStart(8)} ${(r.d >= 0 ? '+' : '') + r.d.toFixed(2).padStart(7)}  ${r.k}`);
	};
	lines.push(`total (non-idle) ms per delivery: ${(A.total / perA).toFixed(2)} vs ${(B.total / perB).toFixed(2)}`);
	table('by package / file', A.files, B.files);
	table('by function', A.functions, B.functions);
	return lines.join('\n');
}

async function record(outDir) {
	const { startHeadless, freePort } = require('../dev/lib/n8n');
	const { setUp, send, waitIdle, inspector } = require('./webhook-n8n-load');
	const count = Number(process.env.PROFILE_DELIVERIES ?? 150);
	const port = await freePort();
	const n8n = await startHeadless({ env: { NODE_OPTIONS: `--inspect=127.0.0.1:${port}` } });
	let bench;
	let probe;
	try {
		bench = await setUp(n8n.api, n8n.url);
		probe = await inspector(port);
		const wanted = (process.env.PROFILE_CANDIDATES ?? 'chatwoot,webhook-cw,chatwoot-forged,chatapp,webhook-ca').split(',');
		const candidates = bench.candidates.filter((c) => wanted.includes(c.name));
		for (const c of candidates) await send(c, 40, 8);
		await waitIdle([n8n.pid]);
		const files = {};
		for (const c of candidates) {
			await probe.start();
			await send(c, count, 8);
			await waitIdle([n8n.pid]);
			files[c.name] = await probe.stop(path.join(outDir, `${c.name}.cpuprofile`));
			console.log(`profiled ${c.name}: ${files[c.name]}`);
		}
		const opts = { perA: count, perB: count, top: Number(process.env.PROFILE_TOP ?? 40) };
		if (files.chatwoot && files['webhook-cw']) console.log(compare(files.chatwoot, files['webhook-cw'], opts));
		if (files.chatapp && files['webhook-ca']) console.log(compare(files.chatapp, files['webhook-ca'], opts));
	} finally {
		probe?.close();
		await bench?.stop().catch(() => undefined);
		await n8n.stop();
	}
}

if (require.main === module) {
	const args = process.argv.slice(2);
	if (args[0] === '--compare') console.log(compare(args[1], args[2], { top: Number(args[3] ?? 40) }));
	else
		record(path.resolve(args[0] ?? path.join(__dirname, '..', '.dev', 'webhook-profiles'))).catch((error) => {
			console.error(error);
			process.exit(1);
		});
}

module.exports = { selfTimes, compare };
