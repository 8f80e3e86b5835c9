import { chatAppRealtimeItems, describeChannel, parseChatAppChannel } from '../../../nodes/ChatApp/realtime/channels';
import { waitFor } from '../../harness/deferred';
import { COMPANY, LICENSE_CHANNEL, socketPayload, USER } from './fixtures';
import { jsonOf, startRealtime, useFakeChatApp, waitSubscribed } from './helpers';

/*
 * Issue 13.12: the fourth realtime channel, `private-v1.companies.{companyId}.users.{userId}`
 * ("employee channel in the company, by role"; chatapp-api.md §6, from an older ChatApp
 * help page). Its events are not documented, so they pass through under their own names.
 */
const COMPANY_USER_CHANNEL = `private-v1.companies.${COMPANY}.users.${USER}`;

const t = useFakeChatApp();

test('the channel name is parsed and described', () => {
	expect(parseChatAppChannel(COMPANY_USER_CHANNEL)).toEqual({ kind: 'companyUser', companyId: COMPANY, userId: String(USER) });
	expect(describeChannel(COMPANY_USER_CHANNEL)).toBe(`user ${USER} in company ${COMPANY}`);
	expect(chatAppRealtimeItems('chatResponsible', COMPANY_USER_CHANNEL, { payload: { data: [{ chat: { id: 'c1' } }], meta: {} } })[0]).toMatchObject({
		companyId: COMPANY,
		userId: String(USER),
		channel: COMPANY_USER_CHANNEL,
		chatId: 'c1',
	});
});

test('Company Users "77/4242": subscribed next to a license channel, its events emitted with company and user', async () => {
	const { run } = await startRealtime(t.fake, { parameters: { companyUsers: `${COMPANY}/${USER}, ${COMPANY}/${USER}` } });
	t.running = run;
	await waitSubscribed(t.fake, [LICENSE_CHANNEL, COMPANY_USER_CHANNEL]);
	expect(t.fake.pusher.subscribes.filter((s) => s.channel === COMPANY_USER_CHANNEL)).toHaveLength(1);
	t.fake.pusher.publish(COMPANY_USER_CHANNEL, 'chatResponsible', socketPayload({ data: [{ responsible: { id: USER }, chat: { id: 'c1' } }], meta: { type: 'chatResponsible' } }));
	await waitFor(() => run.emitted.length === 1, { what: 'the event' });
	expect(jsonOf(run.emitted)[0]).toMatchObject({ event: 'chatResponsible', companyId: COMPANY, userId: String(USER), channel: COMPANY_USER_CHANNEL });
	expect(run.errors).toEqual([]);
});

test('a malformed pair is refused with the expected form', async () => {
	await expect(startRealtime(t.fake, { parameters: { companyUsers: '77' } })).rejects.toThrow('Invalid company user: "77" is not companyId/userId (e.g. 12/4242)');
	await expect(startRealtime(t.fake, { parameters: { companyUsers: '77/x.y' } })).rejects.toThrow('Invalid company user');
	expect(t.fake.pusher.connectionsTotal).toBe(0);
});
