'use strict';
/**
 * Shared by the ChatApp Realtime Trigger benches: a signing auth endpoint
 * (`/broadcasting/auth`, the official `pusher` library) and the compiled trigger
 * (dist/) under a stub n8n trigger context whose `emit` only records, and whose
 * `httpRequestWithAuthentication` calls the auth endpoint with fetch.
 */
const http = require('http');
const PusherServer = require('pusher');

const APP = { appId: '1', key: 'ChatsAppApiProdKey', secret: 'bench-secret-7ad3773142a6692b25b8' };
const TOKEN = '$2y$10$bench.access.token';
const CHANNEL = 'private-v1.licenses.1229.messengers.grWhatsApp';

/** An HTTP server that signs channel authorizations; counts them. `extra(req, res)` may answer other routes. */
async function startAuthServer(extra) {
	const lib = new PusherServer({ appId: APP.appId, key: APP.key, secret: APP.secret, host: '127.0.0.1' });
	const stats = { authorizations: 0 };
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			if (req.method === 'POST' && req.url === '/broadcasting/auth') {
				stats.authorizations++;
				const fields = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
				const body = JSON.stringify(lib.authorizeChannel(fields.socket_id, fields.channel_name));
				res.writeHead(200, { 'content-type': 'application/json' });
				return res.end(body);
			}
			if (extra && extra(req, res)) return;
			res.writeHead(404, { 'content-type': 'application/json' });
			res.end('{"success":false}');
		});
	});
	const sockets = new Set();
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	return {
		server,
		lib,
		stats,
		port: server.address().port,
		close: async () => {
			for (const s of sockets) s.destroy();
			await new Promise((r) => server.close(r));
		},
	};
}

/** Starts the compiled trigger; `onEmit(items)` and `onError(error)` observe it. Returns its closeFunction. */
async function startTrigger({ wsPort, apiPort, options = {}, onEmit = () => {}, onError = () => {}, onLog = () => {} }) {
	const { ChatAppRealtimeTrigger } = require('../dist/nodes/ChatApp/ChatAppRealtimeTrigger.node.js');
	const parameters = { licenseMessengers: ['1229/grWhatsApp'], companyIds: '', userIds: '', companyUsers: '', events: ['message', '__otherEvents'], options };
	const credentials = {
		appKey: APP.key,
		wsHost: '127.0.0.1',
		wsPort,
		useTLS: false,
		apiBaseUrl: `http://127.0.0.1:${apiPort}`,
		authEndpoint: '',
		accessToken: TOKEN,
	};
	const context = {
		getNode: () => ({ name: 'ChatApp Realtime Trigger', type: 'chatAppRealtimeTrigger', credentials: { chatAppApi: { id: '1', name: 'ChatApp' } } }),
		getNodeParameter: (name, fallback) => (name in parameters ? parameters[name] : fallback),
		getCredentials: async () => ({ ...credentials }),
		getMode: () => 'trigger',
		logger: { debug: (t) => onLog(t), info() {}, warn: (t) => onLog(t), error() {} },
		emit: (data) => onEmit(data[0]),
		emitError: (error) => onError(error),
		helpers: {
			async httpRequestWithAuthentication(_type, request) {
				const response = await fetch(request.url, {
					method: request.method,
					headers: { ...request.headers, Authorization: credentials.accessToken },
					body: request.body,
					signal: request.abortSignal,
				});
				const text = await response.text();
				let body = text;
				try {
					body = JSON.parse(text);
				} catch {}
				return { statusCode: response.status, body };
			},
		},
	};
	const response = await new ChatAppRealtimeTrigger().trigger.call(context);
	return async () => await response.closeFunction();
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

module.exports = { APP, TOKEN, CHANNEL, startAuthServer, startTrigger, median };
