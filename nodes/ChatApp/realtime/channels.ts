/**
 * ChatApp's Pusher channels (docs/reference/chatapp-api.md §5) and the realtime
 * envelope (§6). Items are built by the normaliser shared with the webhook trigger
 * (`../helpers/events.ts`), so a realtime item and a webhook item of the
 * same event have the same shape.
 */
import type { ITriggerFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ChatAppEventItem, ChatAppEventSourceHint } from '../helpers/events';
import { chatAppLicenseId, normalizeChatAppEvents, parseChatAppPayload } from '../helpers/events';
import { licenseMessengerList } from '../helpers/licenseMessenger';

export type ChatAppChannelKind = 'licenseMessenger' | 'company' | 'user' | 'companyUser';

export interface ChatAppChannelInfo {
	kind: ChatAppChannelKind;
	licenseId?: number | string;
	messengerType?: string;
	companyId?: number | string;
	/** A string, as `meta.userId` is in ChatApp's samples. */
	userId?: string;
}

/** Characters Pusher allows in channel names, minus the `.` that separates the parts. */
const SEGMENT = /^[A-Za-z0-9_\-=@,;]+$/;

function segment(what: string, value: unknown): string {
	const text = String(value ?? '').trim();
	if (!SEGMENT.test(text)) throw new Error(`"${text}" is not a valid ${what}`);
	return text;
}

export function chatAppLicenseChannel(licenseId: unknown, messengerType: unknown): string {
	return `private-v1.licenses.${segment('license ID', licenseId)}.messengers.${segment('messenger type', messengerType)}`;
}

export function chatAppCompanyChannel(companyId: unknown): string {
	return `private-v1.companies.${segment('company ID', companyId)}`;
}

export function chatAppUserChannel(userId: unknown): string {
	return `private-v1.users.${segment('user ID', userId)}`;
}

/** The employee channel in a company (chatapp-api.md §6, "a fourth realtime channel"). */
export function chatAppCompanyUserChannel(companyId: unknown, userId: unknown): string {
	return `private-v1.companies.${segment('company ID', companyId)}.users.${segment('user ID', userId)}`;
}

/** "12/4242, 12:4243" → [{companyId, userId}]. */
export function splitCompanyUserList(value: unknown): Array<{ companyId: string; userId: string }> {
	return splitIdList(value).map((pair) => {
		const match = /^([^/:]+)[/:]([^/:]+)$/.exec(pair);
		if (!match) throw new Error(`"${pair}" is not companyId/userId (e.g. 12/4242)`);
		return { companyId: match[1], userId: match[2] };
	});
}

/** License + messenger, company or user from a ChatApp channel name; undefined for any other name. */
export function parseChatAppChannel(channel: string | undefined): ChatAppChannelInfo | undefined {
	if (!channel) return undefined;
	let match = /^private-v1\.licenses\.([^.]+)\.messengers\.([^.]+)$/.exec(channel);
	if (match) return { kind: 'licenseMessenger', licenseId: chatAppLicenseId(match[1]), messengerType: match[2] };
	match = /^private-v1\.companies\.([^.]+)\.users\.([^.]+)$/.exec(channel);
	if (match) return { kind: 'companyUser', companyId: chatAppLicenseId(match[1]), userId: match[2] };
	match = /^private-v1\.companies\.([^.]+)$/.exec(channel);
	if (match) return { kind: 'company', companyId: chatAppLicenseId(match[1]) };
	match = /^private-v1\.users\.([^.]+)$/.exec(channel);
	if (match) return { kind: 'user', userId: match[1] };
	return undefined;
}

/** "1, 2 3" or [1, "2"] → distinct trimmed ids. */
export function splitIdList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map((v) => String(v)) : String(value ?? '').split(/[\s,;]+/);
	return [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ''))];
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type ChatAppChannelHint = ChatAppEventSourceHint & { channel: string };

/** What a channel name says about its events (computed once per channel, not per event). */
export function chatAppChannelHint(channel: string): ChatAppChannelHint {
	const info = parseChatAppChannel(channel);
	return {
		channel,
		licenseId: info?.licenseId,
		messengerType: info?.messengerType,
		companyId: info?.companyId,
		userId: info?.userId,
	};
}

/**
 * Items of one realtime event. The frame's data, decoded once by pusher-js, is
 * `{payload:{data:[…], meta:{…}}}`; a still-encoded string and a bare
 * `{data, meta}` are accepted too. The Pusher event name is the item's `event` and
 * the channel name supplies license/messenger/company/user (ChatApp's `meta` is not
 * always consistent). A payload of another shape is passed through as one item
 * (`item` = the data as received, `meta` = {}) rather than dropped; an empty
 * `data[]` gives no items.
 */
export function chatAppRealtimeItems(
	event: string,
	channel: string,
	data: unknown,
	hint: ChatAppChannelHint = chatAppChannelHint(channel),
): ChatAppEventItem[] {
	let decoded = data;
	if (typeof decoded === 'string') {
		try {
			decoded = JSON.parse(decoded);
		} catch {
			// keep the string
		}
	}
	const envelope = isRecord(decoded) && isRecord(decoded.payload) ? decoded.payload : decoded;
	const parsed = parseChatAppPayload(envelope, event);
	if (parsed.ok) return normalizeChatAppEvents({ event, data: parsed.data, meta: parsed.meta }, 'realtime', hint);
	return normalizeChatAppEvents({ event, data: [decoded], meta: {} }, 'realtime', hint);
}

/** "license 1229 / messenger grWhatsApp", "company 12", "user 42" (for messages). */
export function describeChannel(channel: string): string {
	const info = parseChatAppChannel(channel);
	if (info?.kind === 'licenseMessenger') return `license ${info.licenseId} / messenger ${info.messengerType}`;
	if (info?.kind === 'company') return `company ${info.companyId}`;
	if (info?.kind === 'companyUser') return `user ${info.userId} in company ${info.companyId}`;
	return info?.kind === 'user' ? `user ${info.userId}` : channel;
}

/** The channels a trigger's parameters select: license + messenger pairs, companies, users, users in a company. */
export function channelsFromParameters(context: ITriggerFunctions): string[] {
	const node = context.getNode();
	const channels: string[] = [];
	const add = (build: () => string, what: string) => {
		let name: string;
		try {
			name = build();
		} catch (error) {
			throw new NodeOperationError(node, `Invalid ${what}: ${(error as Error).message}`);
		}
		if (!channels.includes(name)) channels.push(name);
	};
	for (const pair of licenseMessengerList(node, context.getNodeParameter('licenseMessengers', []))) {
		add(() => chatAppLicenseChannel(pair.licenseId, pair.messengerType), 'license/messenger pair');
	}
	for (const id of splitIdList(context.getNodeParameter('companyIds', ''))) add(() => chatAppCompanyChannel(id), 'company ID');
	for (const id of splitIdList(context.getNodeParameter('userIds', ''))) add(() => chatAppUserChannel(id), 'user ID');
	let companyUsers: Array<{ companyId: string; userId: string }>;
	try {
		companyUsers = splitCompanyUserList(context.getNodeParameter('companyUsers', ''));
	} catch (error) {
		throw new NodeOperationError(node, `Invalid company user: ${(error as Error).message}`);
	}
	for (const { companyId, userId } of companyUsers) add(() => chatAppCompanyUserChannel(companyId, userId), 'company user');
	if (channels.length === 0) {
		throw new NodeOperationError(node, 'Select at least one channel', {
			description: 'Choose a license and messenger, or enter a company ID, a user ID or a company user.',
		});
	}
	return channels;
}
