/**
 * Hand-written ChatApp realtime payloads (docs/reference/chatapp-api.md §5; the help-page samples
 * carry comments and are not valid JSON). Each is the decoded frame `data`:
 * `{payload:{data:[…], meta:{…}}}`, including the documented quirks (string
 * licenseId in chatRead, `WhatsApp` in chatConversation's meta, string userId).
 */
export const LICENSE = 1229;
export const MESSENGER = 'grWhatsApp';
export const LICENSE_2 = 1300;
export const MESSENGER_2 = 'caWhatsApp';
export const COMPANY = 77;
export const USER = 4242;

export const LICENSE_CHANNEL = `private-v1.licenses.${LICENSE}.messengers.${MESSENGER}`;
export const LICENSE_CHANNEL_2 = `private-v1.licenses.${LICENSE_2}.messengers.${MESSENGER_2}`;
export const COMPANY_CHANNEL = `private-v1.companies.${COMPANY}`;
export const USER_CHANNEL = `private-v1.users.${USER}`;

const licenseMeta = (type: string, extra: Record<string, unknown> = {}) => ({
	type,
	licenseId: LICENSE,
	messengerType: MESSENGER,
	...extra,
});
const chat = { id: '79001234567@c.us' };

export const LICENSE_EVENTS: Record<string, { data: unknown[]; meta: Record<string, unknown> }> = {
	message: {
		data: [
			{
				id: 696,
				fromApi: false,
				fromMe: false,
				side: 'in',
				time: 1700000000,
				isForwarded: false,
				type: 'text',
				subtype: null,
				message: { text: 'Hello', caption: null, file: null },
				quotedMessage: null,
				fromUser: { id: '79001234567@c.us', username: null, name: 'Ann', phone: '79001234567' },
				chat: { id: '79001234567@c.us', hash: 'abc', type: 'private', phone: '79001234567', username: null, name: 'Ann', image: null },
				fromApp: null,
				utm: null,
				created: null,
			},
		],
		meta: licenseMeta('message'),
	},
	messageStatus: {
		data: [
			{ id: 42213, type: 'delivered', chat, fromApp: { id: 1, tracking: 't-1' }, error: null },
			{ id: 42214, type: 'viewed', chat, fromApp: { id: 1, tracking: 't-2' }, error: null },
		],
		meta: licenseMeta('messageStatus'),
	},
	chatTag: {
		data: [{ type: 'add', tag: { id: 5, name: 'VIP', color: '#12ab34f', sort: 1, category: { id: 1, name: 'Main', sort: 1 } }, chat }],
		meta: licenseMeta('chatTag'),
	},
	chatStatus: { data: [{ type: 'close', chat }], meta: licenseMeta('chatStatus') },
	chatResponsible: {
		data: [{ responsible: { id: 11 }, chat, fromApp: { id: 1 }, edited: { id: 2 } }],
		meta: licenseMeta('chatResponsible'),
	},
	chatResponsiblePin: { data: [{ type: 'pin', chat }], meta: licenseMeta('chatResponsiblePin') },
	chatProducer: { data: [{ producer: { id: 12 }, chat, fromApp: { id: 1 }, edited: { id: 2 } }], meta: licenseMeta('chatProducer') },
	chatAccomplice: {
		data: [{ type: 'add', accomplice: { id: 13 }, chat, fromApp: { id: 1 }, edited: { id: 2 } }],
		meta: licenseMeta('chatAccomplice'),
	},
	chatAuditor: {
		data: [{ type: 'destroy', auditor: { id: 14 }, chat, fromApp: { id: 1 }, edited: { id: 2 } }],
		meta: licenseMeta('chatAuditor'),
	},
	chatLevel: { data: [{ level: { id: 3 }, chat, fromApp: { id: 1 }, edited: { id: 2 } }], meta: licenseMeta('chatLevel') },
	chatConversation: {
		data: [{ conversation: { id: 'a1b2c3', type: 'BIC', startTime: 1700000000, endTime: 1700086400 }, chat: { id: '79001234567' } }],
		// Quirk: the sample's meta names the messenger "WhatsApp"; the channel says grWhatsApp.
		meta: licenseMeta('chatConversation', { messengerType: 'WhatsApp' }),
	},
	// Quirk: licenseId as a string.
	chatRead: { data: [{ chat }], meta: licenseMeta('chatRead', { licenseId: String(LICENSE) }) },
	chatProcess: { data: [{ process: 'inWork', chat, fromApp: { id: 1 }, edited: { id: 2 } }], meta: licenseMeta('chatProcess') },
};

export const COMPANY_EVENTS: Record<string, { data: unknown[]; meta: Record<string, unknown> }> = {
	employeeStatus: { data: [{ type: 'online', employee: { id: 21 } }], meta: { type: 'employeeStatus', companyId: COMPANY } },
	employeeWorkday: { data: [{ type: 'start', employee: { id: 21 } }], meta: { type: 'employeeWorkday', companyId: COMPANY } },
};

export const USER_EVENTS: Record<string, { data: unknown[]; meta: Record<string, unknown> }> = {
	quickResponseList: {
		data: [
			{
				type: 'create',
				quickResponseList: { id: 31, name: 'Greetings', sort: 1, access: [{ userId: String(USER), email: 'owner@example.com', permission: 'w' }] },
			},
		],
		meta: { type: 'quickResponseList', userId: String(USER) },
	},
	// A bulk destroy: several items in one event.
	quickResponse: {
		data: [
			{ type: 'destroy', quickResponseList: { id: 31 }, quickResponse: { id: 41 } },
			{ type: 'destroy', quickResponseList: { id: 31 }, quickResponse: { id: 42 } },
		],
		meta: { type: 'quickResponse', userId: String(USER) },
	},
};

export function socketPayload(event: { data: unknown[]; meta: Record<string, unknown> }) {
	return { payload: { data: event.data, meta: event.meta } };
}
