import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sameStringSet } from '../../shared/sets';
import { resolveAccountId } from '../helpers/account';
import { extractRecord, extractRecords } from '../transport/list';

import { agentBotExists, createAgentBot, releaseAgentBot } from './agentBot';
import type { Context, Registration, Slot } from './common';
import {
	inboxWebhookUrl,
	isOtherSlotUrl,
	ownUrl,
	readRegistration,
	registrationName,
	send,
	slotOf,
	sourceParameter,
	text,
	warnAboutAddress,
	warnNoSecret,
	writeRegistration,
} from './common';
import { subscriptionsFor } from './events';
import { forgetRecoveredSecret } from './secretRefresh';

/*
 * Registration lifecycle of the Chatwoot Trigger (checkExists / create / delete) for
 * account webhooks and API-inbox callbacks; agent bots live in agentBot.ts. The
 * registration record and its slots: common.ts.
 */

function webhookOf(body: unknown): IDataObject {
	const record = extractRecord(body);
	return (record.webhook && typeof record.webhook === 'object' ? record.webhook : record) as IDataObject;
}

function desiredEvents(ctx: Context): string[] {
	const events = subscriptionsFor((ctx.getNodeParameter('events', []) as string[]) ?? []);
	if (events.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Select at least one event', {
			description: 'Chatwoot refuses account webhooks without subscriptions.',
		});
	}
	return events;
}

// ---------------------------------------------------------------- account webhook

function webhooksPath(accountId: number): string {
	return `/api/v1/accounts/${accountId}/webhooks`;
}

async function deleteAccountWebhook(ctx: Context, accountId: number, webhookId: number) {
	const result = await send(ctx, { method: 'DELETE', path: `${webhooksPath(accountId)}/${webhookId}` });
	if (!result.ok && result.status !== 404) throw result.error;
}

async function accountWebhookExists(ctx: Context, slot: Slot): Promise<boolean> {
	const registration = readRegistration(ctx, slot);
	if (registration?.source !== 'accountWebhook' || registration.webhookId === undefined) return false;
	const accountId = await resolveAccountId.call(ctx);
	if (registration.accountId !== accountId) return false;
	const listed = await send(ctx, { method: 'GET', path: webhooksPath(accountId) });
	if (!listed.ok) throw listed.error;
	const hook = extractRecords(listed.body).find((w) => Number(w.id) === registration.webhookId);
	if (!hook) {
		// Deleted in Chatwoot: forget it, create() registers a new one.
		writeRegistration(ctx, slot, { ...registration, webhookId: undefined });
		return false;
	}
	// Edited in Chatwoot (URL or events): create() puts it back in shape.
	if (hook.url !== ownUrl(ctx) || !sameStringSet(hook.subscriptions, desiredEvents(ctx))) return false;
	const secret = text(hook.secret);
	if (secret && secret !== registration.secret) writeRegistration(ctx, slot, { ...registration, secret });
	return true;
}

async function createAccountWebhook(ctx: Context, slot: Slot): Promise<boolean> {
	const url = ownUrl(ctx);
	const accountId = await resolveAccountId.call(ctx);
	const events = desiredEvents(ctx);
	const body = { url, name: registrationName(ctx, slot), subscriptions: events };
	const base = webhooksPath(accountId);
	const previous = readRegistration(ctx, slot);

	let hook: IDataObject | undefined;
	let leftover: { accountId: number; webhookId: number } | undefined;
	if (previous?.source === 'accountWebhook' && previous.webhookId !== undefined) {
		if (previous.accountId === accountId) {
			// Our stale webhook: put it back in shape (keeps its id and secret).
			const patched = await send(ctx, { method: 'PATCH', path: `${base}/${previous.webhookId}`, body });
			if (patched.ok) hook = webhookOf(patched.body);
			else if (patched.status === 422) leftover = { accountId, webhookId: previous.webhookId };
			else if (patched.status !== 404) throw patched.error;
		} else {
			leftover = { accountId: previous.accountId, webhookId: previous.webhookId };
		}
	} else if (previous) {
		await release(ctx, previous);
	}

	if (!hook) {
		const created = await send(ctx, { method: 'POST', path: base, body });
		if (created.ok) {
			hook = webhookOf(created.body);
		} else if (created.status === 422) {
			// URLs are unique per account ("Url has already been taken"): adopt the
			// webhook that already has our URL, e.g. one left behind by a lost static data.
			const listed = await send(ctx, { method: 'GET', path: base });
			if (!listed.ok) throw listed.error;
			const existing = extractRecords(listed.body).find((w) => w.url === url);
			if (!existing) throw created.error;
			const adopted = await send(ctx, { method: 'PATCH', path: `${base}/${String(existing.id)}`, body });
			if (!adopted.ok) throw adopted.error;
			hook = webhookOf(adopted.body);
			ctx.logger.info(`Chatwoot Trigger "${ctx.getNode().name}": adopted existing Chatwoot webhook #${String(existing.id)} with this URL`);
		} else {
			throw created.error;
		}
	}

	const webhookId = Number(hook.id);
	if (!Number.isFinite(webhookId)) {
		throw new NodeOperationError(ctx.getNode(), 'Chatwoot did not return the id of the webhook it created', {
			description: `POST ${base} answered without payload.webhook.id.`,
		});
	}
	if (leftover && !(leftover.accountId === accountId && leftover.webhookId === webhookId)) {
		await deleteAccountWebhook(ctx, leftover.accountId, leftover.webhookId);
	}
	const secret = text(hook.secret);
	if (!secret) warnNoSecret(ctx, `webhook #${webhookId}`);
	writeRegistration(ctx, slot, { source: 'accountWebhook', accountId, url, webhookId, events, secret });
	warnAboutAddress(ctx, url);
	return true;
}

// ---------------------------------------------------------------- API inbox callback

function inboxPath(accountId: number, inboxId: number): string {
	return `/api/v1/accounts/${accountId}/inboxes/${inboxId}`;
}

function inboxParameter(ctx: Context): number {
	const raw = ctx.getNodeParameter('inboxId', '') as string | number;
	const id = Number(raw);
	if (raw === '' || !Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(ctx.getNode(), 'Choose the API inbox whose callback URL this trigger should use', {
			description: 'Set "Inbox" to an API-channel inbox (Settings → Inboxes in Chatwoot).',
		});
	}
	return id;
}

async function apiInboxExists(ctx: Context, slot: Slot): Promise<boolean> {
	const registration = readRegistration(ctx, slot);
	if (registration?.source !== 'apiInbox') return false;
	const accountId = await resolveAccountId.call(ctx);
	const inboxId = inboxParameter(ctx);
	if (registration.accountId !== accountId || registration.inboxId !== inboxId) return false;
	const got = await send(ctx, { method: 'GET', path: inboxPath(accountId, inboxId) });
	if (!got.ok) {
		if (got.status === 404) return false;
		throw got.error;
	}
	const inbox = extractRecord(got.body);
	if (inboxWebhookUrl(inbox) !== ownUrl(ctx)) return false;
	const secret = text(inbox.secret);
	if (secret && secret !== registration.secret) writeRegistration(ctx, slot, { ...registration, secret });
	return true;
}

async function createApiInbox(ctx: Context, slot: Slot): Promise<boolean> {
	const url = ownUrl(ctx);
	const accountId = await resolveAccountId.call(ctx);
	const inboxId = inboxParameter(ctx);
	let previous = readRegistration(ctx, slot);
	if (previous && (previous.source !== 'apiInbox' || previous.accountId !== accountId || previous.inboxId !== inboxId)) {
		await release(ctx, previous);
		previous = undefined;
	}

	const got = await send(ctx, { method: 'GET', path: inboxPath(accountId, inboxId) });
	if (!got.ok) throw got.error;
	const inbox = extractRecord(got.body);
	if (inbox.channel_type !== 'Channel::Api') {
		throw new NodeOperationError(ctx.getNode(), `Inbox "${String(inbox.name ?? inboxId)}" is not an API-channel inbox`, {
			description: 'Only API-channel inboxes have a callback URL. Choose an API inbox, or use "Account Webhook".',
		});
	}
	const current = inboxWebhookUrl(inbox);
	let previousWebhookUrl: string;
	if (current === url) previousWebhookUrl = previous?.previousWebhookUrl ?? '';
	// A test listen of this very node holds the inbox: its own registration restores the original.
	else if (slot === 'production' && isOtherSlotUrl(ctx, current, url)) previousWebhookUrl = '';
	else previousWebhookUrl = current;

	let updated: IDataObject = inbox;
	if (current !== url) {
		const patched = await send(ctx, {
			method: 'PATCH',
			path: inboxPath(accountId, inboxId),
			body: { channel: { webhook_url: url } },
		});
		if (!patched.ok) throw patched.error;
		updated = extractRecord(patched.body);
	}
	const secret = text(updated.secret) ?? text(inbox.secret);
	if (!secret) warnNoSecret(ctx, `inbox #${inboxId}`);
	writeRegistration(ctx, slot, { source: 'apiInbox', accountId, url, inboxId, previousWebhookUrl, secret });
	warnAboutAddress(ctx, url);
	return true;
}

async function restoreApiInbox(ctx: Context, registration: Registration) {
	if (registration.inboxId === undefined) return;
	const path = inboxPath(registration.accountId, registration.inboxId);
	const got = await send(ctx, { method: 'GET', path });
	if (!got.ok) {
		if (got.status === 404) return;
		throw got.error;
	}
	if (inboxWebhookUrl(extractRecord(got.body)) !== registration.url) {
		ctx.logger.info(
			`Chatwoot Trigger "${ctx.getNode().name}": inbox #${registration.inboxId}'s callback URL was changed since activation; left as it is`,
		);
		return;
	}
	const restored = await send(ctx, {
		method: 'PATCH',
		path,
		body: { channel: { webhook_url: registration.previousWebhookUrl ?? '' } },
	});
	if (!restored.ok && restored.status !== 404) throw restored.error;
}

// ---------------------------------------------------------------- entry points

/** Undoes a registration as recorded (not as the parameters say now: they may have changed). */
async function release(ctx: Context, registration: Registration) {
	if (registration.source === 'accountWebhook' && registration.webhookId !== undefined) {
		await deleteAccountWebhook(ctx, registration.accountId, registration.webhookId);
	} else if (registration.source === 'apiInbox') {
		await restoreApiInbox(ctx, registration);
	} else if (registration.source === 'agentBot') {
		await releaseAgentBot(ctx, registration);
	}
}

export async function registrationExists(ctx: IHookFunctions): Promise<boolean> {
	const slot = slotOf(ctx);
	const source = sourceParameter(ctx);
	if (source === 'agentBot') return await agentBotExists(ctx, slot);
	return source === 'apiInbox' ? await apiInboxExists(ctx, slot) : await accountWebhookExists(ctx, slot);
}

export async function createRegistration(ctx: IHookFunctions): Promise<boolean> {
	const slot = slotOf(ctx);
	const source = sourceParameter(ctx);
	forgetRecoveredSecret(ctx, slot);
	const previous = readRegistration(ctx, slot);
	// Switching sources: undo the old kind of registration first.
	if (previous && previous.source !== source) {
		await release(ctx, previous);
		writeRegistration(ctx, slot, undefined);
	}
	if (source === 'agentBot') return await createAgentBot(ctx, slot);
	return source === 'apiInbox' ? await createApiInbox(ctx, slot) : await createAccountWebhook(ctx, slot);
}

export async function deleteRegistration(ctx: IHookFunctions): Promise<boolean> {
	const slot = slotOf(ctx);
	const registration = readRegistration(ctx, slot);
	if (registration) await release(ctx, registration);
	writeRegistration(ctx, slot, undefined);
	forgetRecoveredSecret(ctx, slot);
	return true;
}
