import type { IDataObject } from 'n8n-workflow';

/**
 * Chatwoot /cable payloads shaped like v4.15's push data (Chatwoot 4.15.1, commit
 * 97bb8ecd3): Message#push_event_data (app/models/message.rb),
 * Conversations::EventDataPresenter#push_data (app/presenters/conversations/event_data_presenter.rb),
 * Contact#push_event_data (app/models/contact.rb), as ActionCableListener#broadcast
 * (app/listeners/action_cable_listener.rb) merges account_id and, when a user acted,
 * performer, and ActionCableBroadcastJob (app/jobs/action_cable_broadcast_job.rb) sends them.
 */
export const ACCOUNT_ID = 1;
export const INBOX_ID = 2;
export const SECRET_CONTACT_TOKEN = 'contact-inbox-pubsub-SECRET-9f8e7d';

export const nowSeconds = () => Date.now() / 1000;

export function contactPush(id: number, extra: Record<string, unknown> = {}) {
	return {
		additional_attributes: { city: 'Lisbon' },
		custom_attributes: {},
		email: `contact${id}@example.com`,
		id,
		identifier: null,
		name: `Contact ${id}`,
		phone_number: null,
		thumbnail: '',
		blocked: false,
		type: 'contact',
		...extra,
	};
}

export function userPush(id: number) {
	return { id, name: `Agent ${id}`, available_name: `Agent ${id}`, avatar_url: '', type: 'user', availability_status: 'online', thumbnail: '' };
}

export function conversationPush(id: number, extra: Record<string, unknown> = {}) {
	const now = nowSeconds();
	return {
		additional_attributes: {},
		can_reply: true,
		channel: 'Channel::Api',
		contact_inbox: {
			id: 500 + id,
			contact_id: 7,
			inbox_id: INBOX_ID,
			source_id: `source-${id}`,
			created_at: '2026-11-01T10:00:00.000Z',
			updated_at: '2026-11-01T10:00:00.000Z',
			hmac_verified: false,
			pubsub_token: SECRET_CONTACT_TOKEN,
		},
		id,
		inbox_id: INBOX_ID,
		messages: [],
		labels: [],
		meta: { sender: contactPush(7), assignee: null, assignee_type: null, team: null, hmac_verified: false },
		status: 'open',
		custom_attributes: {},
		snoozed_until: null,
		unread_count: 0,
		first_reply_created_at: null,
		priority: null,
		waiting_since: Math.floor(now),
		agent_last_seen_at: 0,
		contact_last_seen_at: 0,
		last_activity_at: Math.floor(now),
		timestamp: Math.floor(now),
		created_at: Math.floor(now) - 3600,
		updated_at: now,
		account_id: ACCOUNT_ID,
		...extra,
	};
}

export function messagePush(id: number, conversationId: number, extra: Record<string, unknown> = {}) {
	const now = nowSeconds();
	return {
		id,
		content: `message ${id}`,
		account_id: ACCOUNT_ID,
		inbox_id: INBOX_ID,
		conversation_id: conversationId,
		message_type: 0,
		created_at: Math.floor(now),
		updated_at: new Date(now * 1000).toISOString(),
		private: false,
		status: 'sent',
		source_id: null,
		content_type: 'text',
		content_attributes: {},
		sender_type: 'Contact',
		sender_id: 7,
		external_source_ids: {},
		additional_attributes: {},
		processed_message_content: `message ${id}`,
		sentiment: {},
		conversation: {
			assignee_id: null,
			unread_count: 1,
			last_activity_at: Math.floor(now),
			contact_inbox: { source_id: `source-${conversationId}` },
		},
		sender: contactPush(7),
		...extra,
	};
}

/** One realistic event of every type the issue lists, with the stream Chatwoot sends it on. */
export function everyEvent(userToken: string): Array<{ stream: string; event: string; data: Record<string, unknown> }> {
	const account = `account_${ACCOUNT_ID}`;
	const conversation = conversationPush(10);
	return [
		{ stream: account, event: 'message.created', data: messagePush(1001, 10) },
		{ stream: account, event: 'message.updated', data: { ...messagePush(1001, 10, { status: 'read' }), previous_changes: { status: ['sent', 'read'] } } },
		{ stream: account, event: 'conversation.created', data: conversationPush(11) },
		{ stream: account, event: 'conversation.status_changed', data: conversationPush(10, { status: 'resolved', updated_at: nowSeconds() + 0.001 }) },
		{ stream: account, event: 'conversation.updated', data: conversationPush(10, { labels: ['vip'], updated_at: nowSeconds() + 0.002 }) },
		{ stream: account, event: 'conversation.read', data: conversationPush(10, { updated_at: nowSeconds() + 0.003 }) },
		{ stream: account, event: 'assignee.changed', data: conversationPush(10, { meta: { ...conversation.meta, assignee: userPush(3) }, updated_at: nowSeconds() + 0.004 }) },
		{ stream: account, event: 'team.changed', data: conversationPush(10, { meta: { ...conversation.meta, team: { id: 4, name: 'sales' } }, updated_at: nowSeconds() + 0.005 }) },
		{ stream: account, event: 'conversation.typing_on', data: { conversation, user: contactPush(7), is_private: false, account_id: ACCOUNT_ID } },
		{ stream: account, event: 'conversation.typing_off', data: { conversation, user: contactPush(7), is_private: false, account_id: ACCOUNT_ID } },
		{ stream: account, event: 'contact.created', data: { ...contactPush(8), account_id: ACCOUNT_ID } },
		{ stream: account, event: 'contact.updated', data: { ...contactPush(8, { name: 'Renamed' }), account_id: ACCOUNT_ID } },
		{ stream: account, event: 'contact.merged', data: { ...contactPush(8), account_id: ACCOUNT_ID } },
		{ stream: account, event: 'contact.deleted', data: { ...contactPush(9), account_id: ACCOUNT_ID } },
		{
			stream: userToken,
			event: 'notification.created',
			data: {
				notification: {
					id: 77,
					notification_type: 'conversation_assignment',
					primary_actor_type: 'Conversation',
					primary_actor_id: 10,
					primary_actor: conversation,
					read_at: null,
					secondary_actor: null,
					user: userPush(1),
					created_at: Math.floor(nowSeconds()),
					last_activity_at: Math.floor(nowSeconds()),
					snoozed_until: null,
					meta: {},
					account_id: ACCOUNT_ID,
				},
				unread_count: 1,
				count: 3,
				account_id: ACCOUNT_ID,
			},
		},
		{ stream: userToken, event: 'presence.update', data: { account_id: ACCOUNT_ID, users: { '1': 'online', '3': 'busy' }, contacts: { '7': 'online' } } },
		// app/jobs/account/branding_enrichment_job.rb (97bb8ecd3): straight to the job, no listener.
		{ stream: userToken, event: 'account.enrichment_completed', data: { account_id: ACCOUNT_ID } },
		// enterprise/app/listeners/enterprise/action_cable_listener.rb + CopilotMessage#push_event_data (enterprise/app/models/copilot_message.rb).
		{
			stream: userToken,
			event: 'copilot.message.created',
			data: {
				id: 31,
				message: { content: 'Here is a summary of the conversation.' },
				message_type: 'assistant',
				created_at: Math.floor(nowSeconds()),
				copilot_thread: { id: 9, title: 'Summarise #10', created_at: Math.floor(nowSeconds()), user: userPush(1), assistant: { id: 2, name: 'Captain' } },
				account_id: ACCOUNT_ID,
			},
		},
		// enterprise/app/services/whatsapp/incoming_call_service.rb#broadcast_incoming (base_payload + extra), on the account stream when no one is assigned.
		{
			stream: account,
			event: 'voice_call.incoming',
			data: {
				account_id: ACCOUNT_ID,
				id: 5,
				call_id: 'wacid.HBgLMTU1NTEyMzQ1NjcVAgARGBI',
				provider: 'whatsapp',
				conversation_id: 210,
				direction: 'incoming',
				inbox_id: INBOX_ID,
				sdp_offer: 'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\n',
				ice_servers: [{ urls: ['stun:stun.l.google.com:19302'] }],
				caller: { name: 'Contact 7', phone: '+15551234567', avatar: '' },
			},
		},
	];
}

/**
 * What reaches the socket for conversation.read / updated / status_changed,
 * assignee.changed and team.changed: ActionCableBroadcastJob#prepare_broadcast_data
 * (app/jobs/action_cable_broadcast_job.rb at 97bb8ecd3) reloads the conversation and
 * sends `conversation.push_event_data.merge(account_id:)`, so the listener's
 * `performer` is gone whoever acted.
 */
export function reloadedConversationEvent(conversation: Record<string, unknown>): IDataObject {
	const { performer: _dropped, ...data } = conversation;
	return { ...data, account_id: conversation.account_id ?? ACCOUNT_ID } as IDataObject;
}
