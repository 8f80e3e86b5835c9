import { chatwootSuite } from './suite';

/** Team members and inbox members: one generator (actions/members.ts), two controllers. */
const suite = chatwootSuite('team');

test('team members: get, add (Chatwoot answers the added ones), replace (all), remove', async () => {
	const { cw } = suite;
	const listed = await suite.run({ operation: 'getAgents', accountId: 1, teamId: 1 });
	expect(listed.items.map((i) => i.json.id)).toEqual([1, 2]);

	const added = await suite.run({ operation: 'addAgents', accountId: 1, teamId: 1, agentIds: [2, 3] });
	expect(added.error).toBeUndefined();
	expect(cw.calls({ method: 'POST', path: '/api/v1/accounts/1/teams/1/team_members' })[0].body).toEqual({ user_ids: [2, 3] });
	expect(added.items.map((i) => i.json.id)).toEqual([3]);

	const replaced = await suite.run({ operation: 'setAgents', accountId: 1, teamId: 1, agentIds: [3] });
	expect(replaced.items.map((i) => i.json.id)).toEqual([3]);
	expect(cw.state.teamMembers[1]).toEqual([3]);

	const removed = await suite.run({ operation: 'removeAgents', accountId: 1, teamId: 1, agentIds: [3] });
	expect(removed.items[0].json).toEqual({ success: true, team_id: 1, removed_user_ids: [3] });
	expect(cw.state.teamMembers[1]).toEqual([]);
});

test('an agent of another account: Chatwoot answers 401 "Invalid User IDs", said as what it is', async () => {
	const { error } = await suite.run({ operation: 'addAgents', accountId: 1, teamId: 1, agentIds: [77] });
	expect(error?.httpCode).toBe('401');
	expect(error?.message).toBe('Chatwoot refused the agent IDs: they are not agents of this account');
});

test('inbox: Replace Agents sets the whole list through PATCH /inbox_members; an empty list removes everyone', async () => {
	const { cw } = suite;
	const replaced = await suite.run({ resource: 'inbox', operation: 'setAgents', accountId: 1, inboxId: 1, agentIds: [3] });
	expect(replaced.error).toBeUndefined();
	expect(cw.calls({ method: 'PATCH', path: '/api/v1/accounts/1/inbox_members' })[0].body).toEqual({ inbox_id: '1', user_ids: [3] });
	expect(replaced.items.map((i) => i.json.id)).toEqual([3]);
	const emptied = await suite.run({ resource: 'inbox', operation: 'setAgents', accountId: 1, inboxId: 1, agentIds: [] });
	expect(emptied.error).toBeUndefined();
	expect(cw.state.inboxMembers[1]).toEqual([]);
});
