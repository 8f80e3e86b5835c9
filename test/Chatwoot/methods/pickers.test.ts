import { Chatwoot } from '../../../nodes/Chatwoot/Chatwoot.node';
import { loadOptionsContext } from '../../harness/contexts';
import { runNode } from '../../harness/workflow';
import { FakeChatwoot } from '../../servers/chatwoot/server';

let cw: FakeChatwoot;
const node = new Chatwoot();
const context = (parameters: Record<string, unknown> = {}) =>
	loadOptionsContext({ nodeType: node, parameters: parameters as never, credentials: { chatwootApi: cw.credentials() } });

beforeEach(async () => {
	cw = await FakeChatwoot.start();
});
afterEach(async () => {
	expect(cw.violations).toEqual([]);
	await cw.stop();
});

test('accounts come from the profile, with the token\'s current account as the default entry', async () => {
	const options = await node.methods.loadOptions.getAccounts.call(context());
	expect(options[0]).toEqual({ name: "Token's Current Account: Acme Support (1)", value: '' });
	expect(options.slice(1).map((o) => o.value)).toEqual([1, 2]);
});

test('inboxes, agents, teams and labels of the chosen account', async () => {
	const ctx = context({ accountId: 1 });
	expect((await node.methods.loadOptions.getInboxes.call(ctx)).map((o) => o.value)).toEqual([1, 2]);
	expect((await node.methods.loadOptions.getApiInboxes.call(ctx)).map((o) => o.value)).toEqual([1]);
	expect((await node.methods.loadOptions.getAgents.call(ctx)).map((o) => o.name)).toEqual(['Olivia (1)', 'Sam (2)', 'Tara (3)']);
	expect((await node.methods.loadOptions.getTeams.call(ctx)).map((o) => o.value)).toEqual([1, 2]);
	expect((await node.methods.loadOptions.getLabels.call(ctx)).map((o) => o.value)).toEqual(['billing', 'lead', 'vip']);
	const beta = await node.methods.loadOptions.getInboxes.call(context({ accountId: 2 }));
	expect(beta.map((o) => o.value)).toEqual([3]);
	// No account chosen yet: the profile's current account is used.
	const defaulted = await node.methods.loadOptions.getInboxes.call(context({}));
	expect(defaulted.map((o) => o.value)).toEqual([1, 2]);
});

test('conversation picker lists recent conversations with links, paged by 25', async () => {
	const contact = cw.state.addContact({ name: 'Zoe', email: 'z@x.test' });
	for (let i = 0; i < 30; i++) cw.state.addConversation({ contact_id: contact.id });
	cw.state.addMessage({ conversation_id: 30, content: 'Where is my order?' });
	const first = await node.methods.listSearch.searchConversations.call(context({ accountId: 1 }));
	expect(first.results).toHaveLength(25);
	expect(first.results[0]).toEqual({
		name: '#30 · Zoe · open · Where is my order?',
		value: 30,
		url: `${cw.url}/app/accounts/1/conversations/30`,
	});
	expect(first.paginationToken).toBe('2');
	const second = await node.methods.listSearch.searchConversations.call(context({ accountId: 1 }), undefined, '2');
	expect(second.results).toHaveLength(5);
	expect(second.paginationToken).toBeUndefined();
});

test('a conversation given as a Chatwoot URL or by number works in a run', async () => {
	cw.state.addConversation({});
	cw.state.addConversation({});
	for (const value of [
		{ __rl: true, mode: 'url', value: `${cw.url}/app/accounts/1/conversations/2` },
		{ __rl: true, mode: 'id', value: '2' },
		{ __rl: true, mode: 'list', value: 2 },
	]) {
		const { items, error } = await runNode({
			nodeType: node,
			parameters: { resource: 'conversation', operation: 'get', accountId: 1, conversationId: value } as never,
			credentials: { chatwootApi: cw.credentials() },
		});
		expect(error).toBeUndefined();
		expect(items[0].json.id).toBe(2);
	}
});
