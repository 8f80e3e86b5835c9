import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { chatwootSuite, node } from './suite';

/** Help Center categories and articles, integrations, and the record pickers of the settings resources. */
const suite = chatwootSuite('helpCenter');

function seedPortal() {
	suite.cw.state.portals.push({ id: 7, account_id: 1, name: 'Handbook', slug: 'handbook', config: { allowed_locales: ['de', 'en'], default_locale: 'de' } });
}

type Loader = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;
const loader = (name: string) => (node.methods.loadOptions as unknown as Record<string, Loader>)[name];

test('create category: an empty locale becomes the portal default (Category validates it against the portal locales)', async () => {
	seedPortal();
	const { items, error } = await suite.run({ operation: 'createCategory', accountId: 1, portalSlug: 'handbook', name: 'Billing', slug: 'billing', additionalFields: { icon: '💳' } });
	expect(error).toBeUndefined();
	expect(suite.cw.calls({ method: 'POST', path: '/api/v1/accounts/1/portals/handbook/categories' })[0].body).toEqual({ name: 'Billing', slug: 'billing', icon: '💳', locale: 'de' });
	expect(items[0].json).toMatchObject({ name: 'Billing', locale: 'de' });

	const wrong = await suite.run({ operation: 'createCategory', accountId: 1, portalSlug: 'handbook', name: 'Fr', slug: 'fr', additionalFields: { locale: 'fr' } });
	expect(wrong.error?.httpCode).toBe('422');
	expect(wrong.error?.message).toMatch(/fr of category is not part of portal/);
});

test('create article: the token user is the author unless chosen; draft by default; category picker of the portal', async () => {
	seedPortal();
	suite.cw.state.categories.push({ id: 70, account_id: 1, portal_id: 7, name: 'Billing', slug: 'billing', locale: 'en' });
	const categories = await loader('getPortalCategories').call(suite.options({ operation: 'createArticle', portalSlug: 'handbook' }));
	expect(categories).toEqual([{ name: 'Billing (en)', value: 70, description: '' }]);

	const { items, error } = await suite.run({ operation: 'createArticle', accountId: 1, portalSlug: 'handbook', title: 'Refund policy', additionalFields: { category_id: 70, content: '# Refunds' } });
	expect(error).toBeUndefined();
	expect(suite.cw.calls({ method: 'POST', path: '/api/v1/accounts/1/portals/handbook/articles' })[0].body).toEqual({ title: 'Refund policy', content: '# Refunds', category_id: 70, author_id: 1 });
	expect(items[0].json).toMatchObject({ title: 'Refund policy', status: 'draft', category: { id: 70 }, author: { id: 1 } });

	const published = await suite.run({ operation: 'createArticle', accountId: 1, portalSlug: 'handbook', title: 'Empty', additionalFields: { status: 1, author_id: 2 } });
	expect(published.error?.message).toMatch(/Content can't be blank/);
	expect(suite.cw.calls({ method: 'POST', path: '/api/v1/accounts/1/portals/handbook/articles' })[1].body).toMatchObject({ status: 1, author_id: 2 });
});

test('integrations: apps with their hooks; the app and hook pickers', async () => {
	const ctx = suite.options({ resource: 'integration', accountId: 1 });
	expect((await loader('getIntegrationApps').call(ctx)).map((o) => o.value)).toEqual(['dialogflow', 'openai']);
	await suite.run({ resource: 'integration', operation: 'createHook', accountId: 1, app_id: 'openai', additionalFields: { settings: { api_key: 'sk-test' } } });
	const apps = await suite.run({ resource: 'integration', operation: 'getApps', accountId: 1, returnAll: true });
	expect(apps.items.find((i) => i.json.id === 'openai')?.json).toMatchObject({ enabled: true, hooks: [{ app_id: 'openai', hook_type: 'account' }] });
	expect((await loader('getIntegrationHooks').call(ctx)).map((o) => o.name)).toEqual([expect.stringMatching(/^OpenAI #\d+$/)]);
	const twice = await suite.run({ resource: 'integration', operation: 'createHook', accountId: 1, app_id: 'openai' });
	expect(twice.error?.message).toBe('Chatwoot refused the input: App has already been taken (fields: app_id)');
});

test('pickers of the settings resources list the records of the chosen account', async () => {
	const { cw } = suite;
	const ctx = suite.options({ accountId: 1 });
	cw.state.customFilters.push({ id: 5, account_id: 1, name: 'Mine', filter_type: 'contact', query: {} });
	cw.state.automationRules.push({ id: 6, account_id: 1, name: 'Route', event_name: 'message_created', conditions: [], actions: [], created_at: '2025-11-21T10:00:00Z' });
	seedPortal();
	const names = async (method: string) => (await loader(method).call(ctx)).map((o) => [o.name, o.value]);
	expect(await names('getLabelRecords')).toEqual([['billing', 2], ['lead', 3], ['vip', 1]]);
	expect(await names('getCannedResponses')).toEqual([['/refund', 2], ['/welcome', 1]]);
	expect(await names('getCustomAttributeDefinitions')).toEqual([['Order ID (conversation)', 2], ['Plan (contact)', 1]]);
	expect(await names('getCustomFilters')).toEqual([['Mine (contact)', 5]]);
	expect(await names('getAutomationRules')).toEqual([['Route', 6]]);
	expect(await names('getPortals')).toEqual([['Handbook', 'handbook']]);
	expect(cw.calls({ path: '/api/v1/accounts/1/custom_filters' }).map((r) => r.query.filter_type)).toEqual(['conversation', 'contact', 'report']);
});
