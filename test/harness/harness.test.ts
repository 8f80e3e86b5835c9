import { createServer } from 'http';
import type { AddressInfo } from 'net';
import type { IExecuteFunctions, INodeType } from 'n8n-workflow';

import { chatwootRequest } from '../../nodes/Chatwoot/transport/request';
import { runNode } from './workflow';

const probeNode: INodeType = {
	description: {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: 'probe',
		defaults: { name: 'Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'chatwootApi', required: true }],
		properties: [{ displayName: 'Path', name: 'path', type: 'string', default: '/api/v1/profile' }],
	},
	async execute(this: IExecuteFunctions) {
		const path = this.getNodeParameter('path', 0) as string;
		const body = await chatwootRequest.call(this, { method: 'GET', path });
		return [[{ json: { body } as never }]];
	},
} as unknown as INodeType;

test('harness runs a node through WorkflowExecute with credential auth', async () => {
	const seen: Array<{ url?: string; token?: string | string[] }> = [];
	const server = createServer((req, res) => {
		seen.push({ url: req.url, token: req.headers['api-access-token'] });
		if (req.url === '/api/v1/profile') {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ id: 1, account_id: 7 }));
		} else {
			res.writeHead(404, { 'content-type': 'text/html' });
			res.end('<!DOCTYPE html><html><body>Not here</body></html>');
		}
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	try {
		const ok = await runNode({
			nodeType: probeNode,
			parameters: { path: '/api/v1/profile' },
			credentials: { chatwootApi: { baseUrl: `${base}/api/v1/`, accessToken: 'tok-123' } },
		});
		expect(ok.error).toBeUndefined();
		expect(ok.items[0].json).toEqual({ body: { id: 1, account_id: 7 } });
		expect(seen[0]).toEqual({ url: '/api/v1/profile', token: 'tok-123' });

		const bad = await runNode({
			nodeType: probeNode,
			parameters: { path: '/nope' },
			credentials: { chatwootApi: { baseUrl: base, accessToken: 'tok-123' } },
		});
		expect(bad.error?.message).toBe('The Chatwoot API was not found at this Base URL');
		expect(JSON.stringify(bad.error)).not.toContain('tok-123');
	} finally {
		server.close();
	}
});
