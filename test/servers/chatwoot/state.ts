/* Realistic in-memory Chatwoot data, shaped after the jbuilder views named in
   in Chatwoot 4.15.1's app/views/api/v1 (release merge 97bb8ecd3). */
export type Row = Record<string, unknown>;

const NOW = 1763700000;

export class ChatwootState {
	clock = NOW;
	accounts: Row[] = [
		{ id: 1, name: 'Acme Support', status: 'active', role: 'administrator', locale: 'en', domain: 'acme.test', support_email: 'support@acme.test', settings: { auto_resolve_after: null }, custom_attributes: {}, features: { audit_logs: true } },
		{ id: 2, name: 'Beta Sales', status: 'active', role: 'administrator', locale: 'en', domain: null, support_email: null, settings: {}, custom_attributes: {}, features: {} },
	];
	/** CONVERSATION_RESULTS_PER_PAGE of the server (ConversationFinder). */
	conversationsPerPage = 25;
	/** CW_API_ONLY_SERVER: no dashboard routes (/survey among them). */
	apiOnlyServer = false;
	user: Row = {
		id: 1,
		uid: 'ops@acme.test',
		name: 'Olivia Ops',
		display_name: 'Olivia',
		available_name: 'Olivia',
		email: 'ops@acme.test',
		account_id: 1,
		role: 'administrator',
		type: 'user',
		confirmed: true,
		pubsub_token: 'user-pubsub-token-abc',
		access_token: 'redacted-in-fixture',
		avatar_url: '',
		ui_settings: {},
		custom_attributes: {},
	};
	inboxes: Row[] = [
		{
			id: 1,
			account_id: 1,
			name: 'API Bridge',
			channel_type: 'Channel::Api',
			channel_id: 1,
			inbox_identifier: 'inbox-ident-1',
			webhook_url: 'https://old.example.com/hook',
			hmac_mandatory: false,
			hmac_token: 'inbox-hmac-token',
			secret: 'inbox-callback-secret',
			additional_attributes: {},
			greeting_enabled: false,
			enable_auto_assignment: true,
			lock_to_single_conversation: false,
		},
		{ id: 2, account_id: 1, name: 'Website', channel_type: 'Channel::WebWidget', channel_id: 5, website_url: 'https://acme.test' },
		{ id: 3, account_id: 2, name: 'Beta API', channel_type: 'Channel::Api', channel_id: 2, inbox_identifier: 'inbox-ident-3', webhook_url: '' },
	];
	inboxMembers: Record<number, number[]> = { 1: [1, 2], 2: [1] };
	agents: Row[] = [
		{ id: 1, account_id: 1, name: 'Olivia Ops', available_name: 'Olivia', email: 'ops@acme.test', role: 'administrator', availability_status: 'online', auto_offline: true, confirmed: true, thumbnail: '' },
		{ id: 2, account_id: 1, name: 'Sam Seller', available_name: 'Sam', email: 'sam@acme.test', role: 'agent', availability_status: 'busy', auto_offline: true, confirmed: true, thumbnail: '' },
		{ id: 3, account_id: 1, name: 'Tara Tech', available_name: 'Tara', email: 'tara@acme.test', role: 'agent', availability_status: 'offline', auto_offline: false, confirmed: true, thumbnail: '' },
	];
	teams: Row[] = [
		{ id: 1, account_id: 1, name: 'billing', description: 'Invoices and refunds', allow_auto_assign: true, is_member: true },
		{ id: 2, account_id: 1, name: 'tech', description: 'Technical support', allow_auto_assign: false, is_member: false },
	];
	labels: Row[] = [
		{ id: 1, account_id: 1, title: 'vip', description: 'Key accounts', color: '#FF0000', show_on_sidebar: true },
		{ id: 2, account_id: 1, title: 'billing', description: 'Payment topics', color: '#00AA00', show_on_sidebar: true },
		{ id: 3, account_id: 1, title: 'lead', description: 'Sales lead', color: '#0000FF', show_on_sidebar: false },
	];
	teamMembers: Record<number, number[]> = { 1: [1, 2] };
	cannedResponses: Row[] = [
		{ id: 1, account_id: 1, short_code: 'welcome', content: 'Hello {{contact.name}}, how can we help?' },
		{ id: 2, account_id: 1, short_code: 'refund', content: 'Refunds take 5 business days.' },
	];
	customFilters: Row[] = [];
	automationRules: Row[] = [];
	portals: Row[] = [];
	categories: Row[] = [];
	articles: Row[] = [];
	/** Integrations::App.all (config/integration/apps.yml): ids are strings. */
	integrationApps: Row[] = [
		{ id: 'dialogflow', name: 'Dialogflow', description: 'Build chatbots', short_description: 'Dialogflow bots', hook_type: 'inbox', allow_multiple_hooks: true },
		{ id: 'openai', name: 'OpenAI', description: 'Reply suggestions', short_description: 'OpenAI', hook_type: 'account', allow_multiple_hooks: false },
	];
	hooks: Row[] = [];
	slaPolicies: Row[] = [{ id: 1, account_id: 1, name: 'Gold', description: 'First reply in 1 h', first_response_time_threshold: 3600 }];
	auditLogs: Row[] = [];
	customAttributeDefinitions: Row[] = [
		{ id: 1, account_id: 1, attribute_display_name: 'Plan', attribute_key: 'plan', attribute_model: 'contact_attribute', attribute_display_type: 'list', attribute_values: ['free', 'pro'] },
		{ id: 2, account_id: 1, attribute_display_name: 'Order ID', attribute_key: 'order_id', attribute_model: 'conversation_attribute', attribute_display_type: 'text' },
	];
	contacts: Row[] = [];
	contactInboxes: Row[] = [];
	contactLabels: Record<number, string[]> = {};
	conversations: Row[] = [];
	messages: Row[] = [];
	webhooks: Row[] = [];
	/** agent_bots rows (see handlers/agentBots.ts); system bots have account_id null. */
	agentBots: Row[] = [];
	/** agent_bot_inboxes: inbox id → agent bot id. */
	inboxBots: Record<number, number> = {};
	/** Typing events dispatched by toggle_typing_status, in order. */
	typing: Row[] = [];
	private ids = { contact: 0, conversation: 0, message: 0, webhook: 0, inbox: 10, source: 0, record: 100, user: 10, agentBot: 0 };

	/** The token user's role in an account (account_users.role); tests set 'agent' to meet Pundit's refusals. */
	role(accountId: number): string | undefined {
		return this.accounts.find((a) => a.id === accountId)?.role as string | undefined;
	}

	tick(): number {
		this.clock += 1;
		return this.clock;
	}

	nextId(kind: keyof ChatwootState['ids']): number {
		this.ids[kind] += 1;
		return this.ids[kind];
	}

	addContact(fields: Row): Row {
		const id = this.nextId('contact');
		const contact: Row = {
			id,
			account_id: 1,
			name: null,
			email: null,
			phone_number: null,
			identifier: null,
			blocked: false,
			thumbnail: '',
			availability_status: 'offline',
			additional_attributes: {},
			custom_attributes: {},
			last_activity_at: null,
			created_at: this.tick(),
			...fields,
		};
		this.contacts.push(contact);
		return contact;
	}

	contactJson(contact: Row): Row {
		return {
			...contact,
			contact_inboxes: this.contactInboxes
				.filter((ci) => ci.contact_id === contact.id)
				.map((ci) => ({ source_id: ci.source_id, inbox: this.inboxJson(this.inbox(Number(ci.inbox_id))!) })),
		};
	}

	inbox(id: number): Row | undefined {
		return this.inboxes.find((i) => i.id === id);
	}

	inboxJson(inbox: Row): Row {
		return { ...inbox };
	}

	addContactInbox(contactId: number, inboxId: number, sourceId?: string): Row {
		const row: Row = {
			id: this.contactInboxes.length + 1,
			contact_id: contactId,
			inbox_id: inboxId,
			source_id: sourceId ?? `src-${this.nextId('source').toString().padStart(4, '0')}-4b1e-9c6a`,
			hmac_verified: false,
			pubsub_token: `contact-pubsub-${contactId}-${inboxId}`,
		};
		this.contactInboxes.push(row);
		return row;
	}

	addConversation(fields: Row): Row {
		const id = this.nextId('conversation');
		const conversation: Row = {
			id,
			uuid: `9f0c${id.toString().padStart(4, '0')}-1a2b-4c3d-8e9f-0a1b2c3d4e5f`,
			account_id: 1,
			inbox_id: 1,
			status: 'open',
			priority: null,
			labels: [],
			muted: false,
			can_reply: true,
			snoozed_until: null,
			unread_count: 0,
			assignee_id: null,
			team_id: null,
			contact_id: null,
			additional_attributes: {},
			custom_attributes: {},
			agent_last_seen_at: 0,
			contact_last_seen_at: 0,
			last_activity_at: this.tick(),
			timestamp: this.clock,
			created_at: this.clock,
			updated_at: this.clock + 0.5,
			waiting_since: this.clock,
			first_reply_created_at: null,
			...fields,
		};
		this.conversations.push(conversation);
		return conversation;
	}

	conversation(accountId: number, displayId: number): Row | undefined {
		return this.conversations.find((c) => c.account_id === accountId && c.id === displayId);
	}

	conversationJson(conversation: Row): Row {
		const contact = this.contacts.find((c) => c.id === conversation.contact_id);
		const assignee = this.agents.find((a) => a.id === conversation.assignee_id);
		const team = this.teams.find((t) => t.id === conversation.team_id);
		const last = [...this.messages].reverse().find((m) => m.conversation_id === conversation.id && m.account_id === conversation.account_id);
		return {
			...conversation,
			meta: {
				sender: contact ? { id: contact.id, name: contact.name, email: contact.email, phone_number: contact.phone_number, type: 'contact' } : null,
				channel: this.inbox(Number(conversation.inbox_id))?.channel_type,
				assignee: assignee ? { id: assignee.id, name: assignee.name, email: assignee.email, type: 'user' } : null,
				assignee_type: assignee ? 'User' : null,
				team: team ? { id: team.id, name: team.name } : null,
				hmac_verified: false,
			},
			messages: last ? [last] : [],
		};
	}

	addMessage(fields: Row): Row {
		const message: Row = {
			id: this.nextId('message'),
			content: '',
			account_id: 1,
			inbox_id: 1,
			conversation_id: 1,
			message_type: 1,
			content_type: 'text',
			content_attributes: {},
			private: false,
			status: 'sent',
			source_id: null,
			created_at: this.tick(),
			sender: { id: 1, name: 'Olivia Ops', type: 'user' },
			attachments: [],
			...fields,
		};
		this.messages.push(message);
		return message;
	}
}
