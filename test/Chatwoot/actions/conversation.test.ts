import { Chatwoot } from '../../../nodes/Chatwoot/Chatwoot.node';
import { loadOptionsContext } from '../../harness/contexts';
import { FakeChatwoot } from '../../servers/chatwoot/server';
import { runNode } from '../../harness/workflow';

let cw: FakeChatwoot;
const node = new Chatwoot();
const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ nodeType: node, parameters: { resource: 'conversation', accountId: 1, ...parameters } as never, credentials: { chatwootApi: cw.credentials() }, ...extra });

beforeEach(async () => {
	cw = await FakeChatwoot.start();
});
afterEach(async () => {
	expect(cw.violations).toEqual([]);
	await cw.stop();
});

test('create from contact + inbox reuses the contact session and sends the first message, assignee and team', async () => {
	const contact = cw.state.addContact({ name: 'Cy', email: 'cy@x.test' });
	cw.state.addContactInbox(contact.id as number, 1, 'session-cy');
	const { items, error } = await run({
		operation: 'create',
		startFrom: 'contactAndInbox',
		inboxId: 1,
		contactId: contact.id,
		additionalFields: { message: 'Hello from n8n', assignee_id: 2, team_id: 1, status: 'pending', customAttributes: { attribute: [{ key: 'order_id', value: 'A-7' }] } },
	});
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ id: 1, status: 'pending', assignee_id: 2, team_id: 1, custom_attributes: { order_id: 'A-7' } });
	const create = cw.calls({ method: 'POST', path: '/api/v1/accounts/1/conversations' })[0];
	expect(create.body).toEqual({
		source_id: 'session-cy',
		inbox_id: 1,
		contact_id: contact.id,
		status: 'pending',
		assignee_id: 2,
		team_id: 1,
		custom_attributes: { order_id: 'A-7' },
		message: { content: 'Hello from n8n' },
	});
	expect(cw.calls({ method: 'POST', path: /contact_inboxes$/ })).toHaveLength(0);
	expect(cw.state.messages.map((m) => m.content)).toEqual(['Hello from n8n']);
});

test('create from contact + inbox opens a session when the contact has none; from source ID directly', async () => {
	const contact = cw.state.addContact({ name: 'Di', email: 'di@x.test' });
	const fromContact = await run({ operation: 'create', startFrom: 'contactAndInbox', inboxId: 1, contactId: contact.id });
	expect(fromContact.error).toBeUndefined();
	expect(cw.calls({ method: 'POST', path: /contact_inboxes$/ })).toHaveLength(1);

	const sourceId = String(cw.state.contactInboxes[0].source_id);
	const fromSource = await run({ operation: 'create', startFrom: 'sourceId', sourceId });
	expect(fromSource.items[0].json).toMatchObject({ id: 2, contact_id: contact.id });
});

test('get many: filters become query parameters, Return All walks pages of 25, Limit stops', async () => {
	for (let i = 0; i < 60; i++) cw.state.addConversation({ inbox_id: 1, labels: i % 2 ? ['vip'] : [], team_id: 1 });
	const all = await run({ operation: 'getAll', returnAll: true, filters: { status: 'open', inbox_id: 1, team_id: 1, labels: ['vip'], assignee_type: 'unassigned' } });
	expect(all.items).toHaveLength(30);
	const calls = cw.calls({ path: '/api/v1/accounts/1/conversations' });
	expect(calls.map((c) => c.query.page)).toEqual(['1', '2']);
	expect(calls[0].query).toMatchObject({ status: 'open', inbox_id: '1', team_id: '1', labels: ['vip'], assignee_type: 'unassigned' });

	cw.requests.length = 0;
	const limited = await run({ operation: 'getAll', limit: 30 });
	expect(limited.items).toHaveLength(30);
	expect(cw.calls({ path: '/api/v1/accounts/1/conversations' })).toHaveLength(2);
});

test('filter and counts', async () => {
	cw.state.addConversation({ status: 'open', assignee_id: 1 });
	cw.state.addConversation({ status: 'open', assignee_id: null });
	const filtered = await run({
		operation: 'filter',
		returnAll: true,
		conditions: { condition: [{ attribute_key: 'status', filter_operator: 'equal_to', values: 'open' }] },
	});
	expect(filtered.items).toHaveLength(2);
	const counts = await run({ operation: 'getCounts', filters: { inbox_id: 1 } });
	expect(counts.items[0].json).toEqual({ mine_count: 1, assigned_count: 1, unassigned_count: 1, all_count: 2 });
});

test('status: resolve, snooze with a time, toggle', async () => {
	const conversation = cw.state.addConversation({});
	const resolved = await run({ operation: 'setStatus', conversationId: conversation.id, status: 'resolved' });
	expect(resolved.items[0].json).toMatchObject({ success: true, current_status: 'resolved' });
	const snoozed = await run({ operation: 'setStatus', conversationId: conversation.id, status: 'snoozed', snoozedUntil: '2026-12-01T09:00:00Z' });
	expect(snoozed.items[0].json).toMatchObject({ current_status: 'snoozed', snoozed_until: 1796115600 });
	const toggled = await run({ operation: 'setStatus', conversationId: conversation.id, status: 'toggle' });
	expect(toggled.items[0].json.current_status).toBe('open');
});

test('priority, assignment and unassignment, labels, custom attributes', async () => {
	const conversation = cw.state.addConversation({ labels: ['lead'], custom_attributes: { order_id: 'A-1', channel: 'web' } });
	const id = conversation.id;
	expect((await run({ operation: 'updatePriority', conversationId: id, priority: 'urgent' })).items[0].json).toEqual({ id, priority: 'urgent' });
	await run({ operation: 'updatePriority', conversationId: id, priority: 'none' });
	expect(conversation.priority).toBeNull();

	const agent = await run({ operation: 'assign', conversationId: id, assignTo: 'agent', agentId: 2 });
	expect(agent.items[0].json).toMatchObject({ conversation_id: id, assignee_id: 2, assignee: { id: 2, name: 'Sam Seller' } });
	await run({ operation: 'assign', conversationId: id, assignTo: 'team', teamId: 2 });
	expect(conversation.team_id).toBe(2);
	await run({ operation: 'assign', conversationId: id, assignTo: 'unassignAgent' });
	expect(conversation.assignee_id).toBeNull();
	await run({ operation: 'assign', conversationId: id, assignTo: 'unassignTeam' });
	expect(conversation.team_id).toBeNull();

	const labels = await run({ operation: 'addLabels', conversationId: id, labels: ['vip'] });
	expect(labels.items[0].json.labels).toEqual(['lead', 'vip']);
	const replaced = await run({ operation: 'setLabels', conversationId: id, labels: ['billing'] });
	expect(replaced.items[0].json).toEqual({ id, labels: ['billing'] });
	expect(cw.calls({ method: 'POST', path: `/api/v1/accounts/1/conversations/${id}/labels` }).at(-1)?.body).toEqual({ labels: ['billing'] });

	const merged = await run({ operation: 'setCustomAttributes', conversationId: id, customAttributes: { attribute: [{ key: 'order_id', value: 'A-2' }] }, merge: true });
	expect(merged.items[0].json.custom_attributes).toEqual({ order_id: 'A-2', channel: 'web' });
	const onlyThis = await run({ operation: 'setCustomAttributes', conversationId: id, customAttributesJson: '{"only":"this"}', merge: false });
	expect(onlyThis.items[0].json.custom_attributes).toEqual({ only: 'this' });
});

test('get a conversation; a missing one is a clear 404', async () => {
	const conversation = cw.state.addConversation({});
	expect((await run({ operation: 'get', conversationId: conversation.id })).items[0].json.id).toBe(conversation.id);
	const missing = await run({ operation: 'get', conversationId: 404 });
	expect(missing.error?.message).toBe('The requested Chatwoot resource was not found');
	expect(missing.error?.description).toContain('GET /api/v1/accounts/1/conversations/404');
});

test('update changes the priority and the SLA policy (Enterprise) through PATCH; get labels', async () => {
	const conversation = cw.state.addConversation({ labels: ['vip'] });
	const updated = await run({ operation: 'update', conversationId: conversation.id, updateFields: { priority: 'none', sla_policy_id: 1 } });
	expect(updated.error).toBeUndefined();
	expect(cw.calls({ method: 'PATCH' })[0].body).toEqual({ priority: null, sla_policy_id: 1 });
	expect(updated.items[0].json).toMatchObject({ id: conversation.id, priority: null, sla_policy_id: 1 });
	const empty = await run({ operation: 'update', conversationId: conversation.id, updateFields: {} });
	expect(empty.error?.message).toBe('Add at least one field to update');
	const labels = await run({ operation: 'getLabels', conversationId: conversation.id });
	expect(labels.items[0].json).toEqual({ id: conversation.id, labels: ['vip'] });
	const policies = await node.methods.loadOptions.getSlaPolicies.call(
		loadOptionsContext({ nodeType: node, parameters: { resource: 'conversation', accountId: 1 } as never, credentials: { chatwootApi: cw.credentials() } }),
	);
	expect(policies).toEqual([{ name: 'Gold', value: 1, description: 'First reply in 1 h' }]);
});

test('CSAT survey link: the survey page of the conversation uuid, checked; an API-only server has none', async () => {
	const conversation = cw.state.addConversation({});
	const { items, error } = await run({ operation: 'getCsatSurveyLink', conversationId: conversation.id });
	expect(error).toBeUndefined();
	expect(items[0].json).toEqual({ conversation_id: conversation.id, uuid: conversation.uuid, survey_url: `${cw.url}/survey/responses/${String(conversation.uuid)}` });
	expect(cw.calls({ path: `/survey/responses/${String(conversation.uuid)}` })).toHaveLength(1);

	cw.state.apiOnlyServer = true;
	const none = await run({ operation: 'getCsatSurveyLink', conversationId: conversation.id });
	expect(none.error?.message).toBe('This Chatwoot installation serves no survey page');
	expect(none.error?.description).toMatch(/CW_API_ONLY_SERVER/);
});

test('create from a contact picked by URL', async () => {
	const contact = cw.state.addContact({ name: 'Uri', email: 'uri@x.test' });
	const { items, error } = await run({
		operation: 'create',
		startFrom: 'contactAndInbox',
		inboxId: 1,
		contactId: { __rl: true, mode: 'url', value: `${cw.url}/app/accounts/1/contacts/${contact.id}` },
	});
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ contact_id: contact.id, inbox_id: 1 });
});
