import { LoadOptionsContext } from 'n8n-core';
import type { INodeParameters, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { ChatApp } from '../../../nodes/ChatApp/ChatApp.node';
import { getLicenseMessengers, getLicenses, getMessengers, getTemplates } from '../../../nodes/ChatApp/methods/loadOptions';
import { createTriggerEnv } from '../../harness/contexts';
import type { ChatAppServer } from '../../servers/chatapp/server';
import { startChatAppServer } from '../../servers/chatapp/server';
import { chatAppCredentials } from '../helpers';

describe('ChatApp dropdowns (loadOptions)', () => {
	let server: ChatAppServer;
	beforeEach(async () => {
		server = await startChatAppServer();
		server.state.templates.set('2048/caWhatsApp', [
			{ id: 'tpl-2', name: 'order_shipped', language: 'en', status: 'APPROVED' },
			{ id: 'tpl-1', name: 'appointment_reminder', language: 'ru', status: 'APPROVED', category: 'UTILITY' },
		]);
	});
	afterEach(async () => {
		await server.close();
	});

	function context(parameters: INodeParameters, path: string) {
		const env = createTriggerEnv({
			nodeType: new ChatApp(),
			parameters,
			credentials: { chatAppApi: chatAppCredentials(server) },
		});
		const additionalData = { ...env.additionalData, currentNodeParameters: parameters } as IWorkflowExecuteAdditionalData;
		return new LoadOptionsContext(env.workflow, env.node, additionalData, path);
	}

	test('licenses show name, id, messengers and status', async () => {
		const options = await getLicenses.call(context({}, 'parameters.licenseId'));
		expect(options).toEqual([
			{ name: 'Sales WhatsApp (1229)', value: 1229, description: '[WEB] WhatsApp, Telegram · status: paid' },
			{ name: 'Support Cloud (2048)', value: 2048, description: 'WhatsApp Cloud API · status: paid' },
		]);
	});

	test('messengers depend on the chosen license', async () => {
		const forLicense = await getMessengers.call(context({ licenseId: 1229 }, 'parameters.messengerType'));
		expect(forLicense.map((o) => o.value)).toEqual(['grWhatsApp', 'telegram']);
		const none = await getMessengers.call(context({}, 'parameters.messengerType'));
		expect(none.map((o) => o.value).sort()).toEqual(['caWhatsApp', 'grWhatsApp', 'telegram']);
	});

	test('license + messenger pairs for the trigger', async () => {
		const options = await getLicenseMessengers.call(context({}, 'parameters.subscriptions'));
		expect(options.map((o) => o.value)).toEqual(['1229/grWhatsApp', '1229/telegram', '2048/caWhatsApp']);
	});

	test('templates of the chosen license and messenger', async () => {
		const options = await getTemplates.call(
			context({ licenseId: 2048, messengerType: 'caWhatsApp' }, 'parameters.templateId'),
		);
		expect(options).toEqual([
			{ name: 'appointment_reminder (ru)', value: 'tpl-1', description: 'APPROVED · UTILITY' },
			{ name: 'order_shipped (en)', value: 'tpl-2', description: 'APPROVED' },
		]);
		expect(await getTemplates.call(context({}, 'parameters.templateId'))).toEqual([]);
	});
});
