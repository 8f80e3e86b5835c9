import { randomUUID } from 'crypto';

import { FakeChatwoot } from '../test/servers/chatwoot/server';

import { activate, createCredential, createWorkflow, expectExecutionCount, nodeOutput, postToProductionWebhook, removeCredential, removeWorkflow } from './helpers/n8n';

/*
 * Issue 17: the Chatwoot API credential from n8n's own HTTP Request node, as a
 * predefined credential type, so an endpoint the Chatwoot node lacks is one node away.
 * The request must carry the token as Api-Access-Token (not Authorization), go to the
 * path asked for below the credential's Base URL, and a redirect to another host must
 * not take the token along.
 */

describe('HTTP Request node with the Chatwoot API credential', () => {
	let cw: FakeChatwoot;
	let elsewhere: FakeChatwoot;
	let workflowId: string | undefined;
	let credentialId: string | undefined;
	const path = `e2e-http-request-${randomUUID().slice(0, 8)}`;

	const httpRequest = (name: string, url: string, y: number) => ({
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [220, y],
		continueOnFail: true,
		onError: 'continueRegularOutput',
		parameters: { method: 'GET', url, authentication: 'predefinedCredentialType', nodeCredentialType: 'chatwootApi', options: {} },
		credentials: { chatwootApi: { id: '', name: 'Chatwoot' } },
	});

	beforeAll(async () => {
		cw = await FakeChatwoot.start();
		elsewhere = await FakeChatwoot.start();
		// A pasted /api/v1 in the Base URL is stripped by the credential; the node's URL is absolute.
		const credential = await createCredential(`Chatwoot HTTP Request (e2e) ${path}`, 'chatwootApi', cw.credentials({ baseUrl: `${cw.url}/api/v1/` }));
		credentialId = credential.id;
		cw.route('GET', '/api/v1/accounts/:account_id/moved', () => ({ status: 302, headers: { location: `${elsewhere.url}/api/v1/accounts/1/sla_policies` }, body: '' }));
		const workflow = {
			nodes: [
				{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} } },
				httpRequest('SLA Policies', `${cw.url}/api/v1/accounts/1/sla_policies`, -100),
				httpRequest('Moved', `${cw.url}/api/v1/accounts/1/moved`, 100),
			],
			connections: { Webhook: { main: [[{ node: 'SLA Policies', type: 'main', index: 0 }, { node: 'Moved', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		};
		const created = await createWorkflow(workflow, { chatwootApi: credential }, `E2E HTTP Request chatwootApi ${path}`);
		workflowId = created.id;
		await activate(workflowId);
	});

	afterAll(async () => {
		await removeWorkflow(workflowId);
		await removeCredential(credentialId);
		await cw?.stop();
		await elsewhere?.stop();
	});

	test('sends the token as Api-Access-Token to the asked path; a redirect to another host gets no token', async () => {
		await postToProductionWebhook(path);
		const [execution] = await expectExecutionCount(workflowId!, 1);

		const [sla] = cw.calls({ method: 'GET', path: '/api/v1/accounts/1/sla_policies' });
		expect(sla.headers['api-access-token']).toBe(cw.token);
		expect(sla.headers.authorization).toBeUndefined();
		expect(cw.calls({ path: '/api/v1/accounts/1/sla_policies' })).toHaveLength(1);
		expect(nodeOutput(execution, 'SLA Policies')[0]).toMatchObject({ payload: [{ name: 'Gold', first_response_time_threshold: 3600 }] });

		expect(cw.calls({ path: '/api/v1/accounts/1/moved' })).toHaveLength(1);
		expect(elsewhere.requests.filter((r) => JSON.stringify(r.headers).includes(cw.token))).toEqual([]);
		expect(JSON.stringify(execution)).not.toContain(cw.token);
		expect(cw.violations.filter((v) => !v.includes('/moved'))).toEqual([]);
	});
});
